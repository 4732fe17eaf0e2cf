// The speed goals each benchmark checks, read from its JSON output. Pure: one function per
// benchmark, one Goal per figure with its target, so the summary says what was met and by how much.

export interface Goal {
  bench: string;
  goal: string;
  measured: string;
  met: boolean;
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v !== null && typeof v === 'object' ? (v as Json) : {});
const num = (v: unknown): number => (typeof v === 'number' ? v : Number.NaN);
const fmt = (n: number, digits = 2): string => (Number.isFinite(n) ? String(Number(n.toFixed(digits))) : 'missing');

function clientGoals(data: Json): Goal[] {
  const goals: Goal[] = [];
  const add = (goal: string, measured: string, met: boolean) => goals.push({ bench: 'client', goal, measured, met });
  for (const row of Array.isArray(data.accuracy) ? data.accuracy.map(obj) : []) {
    const streams = num(row.streams);
    for (const [name, key] of [
      ['TTFT', 'ttftErrorMs'],
      ['E2E', 'e2eErrorMs'],
    ] as const) {
      const e = obj(row[key]);
      const mean = num(e.meanMs);
      const p99 = num(e.p99Ms);
      if (streams <= 64)
        add(
          `${name} error at ${streams} streams: mean <= 3 ms, p99 <= 10 ms`,
          `mean ${fmt(mean)} ms, p99 ${fmt(p99)} ms`,
          mean <= 3 && p99 <= 10,
        );
      else if (streams <= 256)
        add(`${name} error at ${streams} streams: p99 <= 25 ms`, `p99 ${fmt(p99)} ms`, p99 <= 25);
    }
    if (streams >= 1000)
      add(
        `no client errors at ${streams} concurrent streams`,
        `${fmt(num(row.errors), 0)} errors`,
        num(row.errors) === 0,
      );
  }
  const replay = obj(obj(data.capacity).replayServer);
  if (Object.keys(replay).length > 0) {
    const range = Array.isArray(replay.ratioRange)
      ? ` (range ${replay.ratioRange.map((x) => fmt(num(x))).join('-')})`
      : '';
    add(
      'parse capacity vs a bare undici reader on one core: ratio >= 0.6',
      `${fmt(num(replay.ratio))}${range}`,
      num(replay.ratio) >= 0.6,
    );
  }
  return goals;
}

function serverGoals(data: Json): Goal[] {
  const goals: Goal[] = [];
  for (const row of Array.isArray(obj(data.throughput).rows) ? (obj(data.throughput).rows as unknown[]).map(obj) : []) {
    const ratio = num(row.ratio);
    goals.push({
      bench: 'server',
      goal: `tokens/s through HTTP vs direct at ${fmt(num(row.parallel), 0)} parallel: >= 0.9x`,
      measured: fmt(ratio),
      met: ratio >= 0.9,
    });
  }
  const kv = obj(data.kvReuse);
  if (Object.keys(kv).length > 0) {
    const speedup = num(kv.speedup);
    goals.push({
      bench: 'server',
      goal: 'turn-6 TTFT with KV reuse: several (>= 3) times lower',
      measured:
        `${fmt(num(kv.ttftWithReuseMs), 0)} ms vs ${fmt(num(kv.ttftWithoutReuseMs), 0)} ms ` + `(${fmt(speedup, 1)}x)`,
      met: speedup >= 3,
    });
  }
  return goals;
}

function reportGoals(data: Json): Goal[] {
  const bytes = num(data.htmlBytes);
  return [
    {
      bench: 'report',
      goal:
        `HTML report of ${fmt(num(data.conversations), 0)} conversations x ${fmt(num(data.turns), 0)} turns ` +
        `under 5 MB`,
      measured: `${fmt(bytes / 1024 / 1024)} MB, ready in ${fmt(num(data.browserReadyMsMedian), 0)} ms`,
      met: bytes < 5 * 1024 * 1024,
    },
  ];
}

export function goalsOf(bench: string, data: unknown): Goal[] {
  if (bench === 'client') return clientGoals(obj(data));
  if (bench === 'server') return serverGoals(obj(data));
  if (bench === 'report') return reportGoals(obj(data));
  return [];
}
