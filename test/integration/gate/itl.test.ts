// Inter-token latency (ITL) in the regression gate, end to end: real eval and load runs against
// the fixture server on 127.0.0.1 (real HTTP, streaming client, turns.jsonl on disk), then
// `chatproof eval --baseline` / `compare` on the saved folders. Covers: the samples are the
// project's ITL figure, same server twice is not flagged, a 50% larger inter-token gap is (ITL,
// not TTFT), a bare results.json says ITL was not compared, a torn last line is tolerated, a
// corrupt middle line is exit 2 naming file:line, and load runs are compared level by level.
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import t from 'tap';
import { type FixtureOptions, startFixtureServer } from '../../../fixtures/openai-server/index.js';
import { compareCommand } from '../../../src/cli/commands/compare.js';
import { evalCommand } from '../../../src/cli/commands/eval.js';
import { DEFAULT_COMPARE_OPTIONS } from '../../../src/compare/eval-runs.js';
import { percentileRows } from '../../../src/compare/latency-rows.js';
import type { Cluster } from '../../../src/compare/shift.js';
import type { Comparison, LatencyRow } from '../../../src/compare/types.js';
import { seededRandom } from '../../../src/core/random.js';
import type { Results } from '../../../src/core/types.js';
import { runCli, tempDir, writeScenario } from '../../helpers/eval-harness.js';
import { memoryScenario, runLoad, testClient } from '../../helpers/load-harness.js';

const dir = tempDir('chatproof-gate-itl-');
t.teardown(() => rmSync(dir, { recursive: true, force: true }));

// 10 conversations x 2 turns, ~8 chunks a reply: 20 turns and ~140 gaps per run, enough for
// the bootstrap (8 conversations, 20 samples for a P95). Gaps of 50 ms keep timer jitter small
// next to the 10% tolerance: with 20 ms gaps a busy CI machine moved the P95 gap of the same
// server +13% (+2.8 ms) between two runs; 75 ms is the "50% larger gap" candidate. TTFT is
// 100 ms: at 30 ms, a P95 of 20 turns moved +12% (+4 ms) between two runs while the other
// gate tests loaded both cores, a false alarm on the figure this test says must not move.
const SCENARIO = writeScenario(
  dir,
  'fixture-itl',
  `
name: fixture-itl
params: { temperature: 0, max_tokens: 64 }
runs: 10
facts:
  city: { turn: 1, text: the user lives in Lisbon }
turns:
  - user: I live in Lisbon.
  - user: Which city do I live in, Lisbon or Porto?
    checks:
      - fact: city
        contains: [Lisbon]
`,
);
const FIXTURE: FixtureOptions = { ttftMs: 100, itlMs: 50, seed: 7, reply: 'Lisbon, noted. One two three four five.' };

function io(): { stdout: PassThrough & { isTTY: boolean }; stderr: PassThrough; text: () => string } {
  const stdout = Object.assign(new PassThrough(), { isTTY: false });
  const chunks: string[] = [];
  stdout.on('data', (c: Buffer) => chunks.push(c.toString()));
  return { stdout, stderr: new PassThrough(), text: () => chunks.join('') };
}

/** `chatproof eval` against a fresh fixture; extra args (e.g. --baseline) pass through. */
async function evalRun(
  name: string,
  fixture: FixtureOptions,
  extra: string[] = [],
): Promise<{ folder: string; code: number; text: string }> {
  const server = await startFixtureServer({ ...FIXTURE, ...fixture });
  const folder = path.join(dir, name);
  const out = io();
  try {
    const code = await evalCommand([SCENARIO, '--target', server.url, '--out', folder, '--no-report', ...extra], out);
    return { folder, code, text: out.text() };
  } finally {
    await server.close();
  }
}

let n = 0;
async function compare(baseline: string, candidate: string): Promise<{ code: number; json: Comparison; text: string }> {
  const file = path.join(dir, `cmp-${++n}.json`);
  const out = io();
  const code = await compareCommand([baseline, candidate, '--json', file], out);
  // Load runs write {gate, comparison, exitCode}; eval runs the comparison itself.
  const raw = JSON.parse(readFileSync(file, 'utf8')) as Comparison & { comparison?: Comparison };
  return { code, json: raw.comparison ?? raw, text: out.text() };
}

const read = (folder: string): Results =>
  JSON.parse(readFileSync(path.join(folder, 'results.json'), 'utf8')) as Results;
const latency = (c: Comparison, metric: string): LatencyRow =>
  c.rows.find((r) => r.kind === 'latency' && r.metric === metric && !r.level) as LatencyRow;

/** A copy of a run folder: results.json, and turns.jsonl passed through `edit` (null: left out). */
function copyRun(from: string, name: string, edit: ((text: string) => string) | null): string {
  const folder = path.join(dir, name);
  mkdirSync(folder, { recursive: true });
  copyFileSync(path.join(from, 'results.json'), path.join(folder, 'results.json'));
  if (edit) writeFileSync(path.join(folder, 'turns.jsonl'), edit(readFileSync(path.join(from, 'turns.jsonl'), 'utf8')));
  return folder;
}

let base: string, same: string, slow: { folder: string; code: number; text: string };
const junit = path.join(dir, 'slow.xml');
const markdown = path.join(dir, 'slow.md');
t.before(async () => {
  base = (await evalRun('base', {})).folder;
  same = (await evalRun('same', {})).folder;
  // The candidate run gated against the baseline by eval itself: the baseline's turns.jsonl is
  // found from --baseline.
  slow = await evalRun('slow-itl', { itlMs: 75 }, ['--baseline', base, '--junit', junit, '--markdown', markdown]);
});

t.test('ITL samples are the ITL figure of results.json: every gap of ok turns, per conversation', async (t) => {
  const { json } = await compare(base, same);
  const summary = read(base).summary.latency.itlMs;
  const p50 = latency(json, 'latency.itlMs.p50');
  const p95 = latency(json, 'latency.itlMs.p95');
  t.ok(summary.count >= 100, `${summary.count} gaps measured`);
  // Same pooled sample as score/latency.ts: identical percentiles and count, not just close.
  t.equal(p50.baseline, summary.p50);
  t.equal(p95.baseline, summary.p95);
  t.equal(p50.size.baseline.samples, summary.count);
  t.equal(p50.size.baseline.conversations, 10, 'one cluster per conversation');
  t.equal(json.figureAlpha, 0.05 / 8, 'Bonferroni over 8 figures: TTFT, E2E, ITL P50/P95, accuracy, interruptions');
  t.match(json.method, /^8 figures are compared/);
});

t.test('the same server twice: ITL is not flagged', async (t) => {
  const { code, json, text } = await compare(base, same);
  t.equal(code, 0, text);
  for (const metric of ['latency.itlMs.p50', 'latency.itlMs.p95']) {
    const row = latency(json, metric);
    t.not(row.verdict, 'regression', `${metric}: ${row.reason}`);
    t.not(row.verdict, 'no-data', `${metric} compared`);
  }
  t.equal(
    latency(json, 'latency.itlMs.p50').verdict,
    'pass',
    'P50 of a 50 ms gap is pinned: a 10% slowdown is ruled out',
  );
  for (const metric of ['latency.itlMs.p50', 'latency.itlMs.p95'])
    t.comment(`same server, ${metric}: ${latency(json, metric).reason}`);
  t.match(text, /P50 inter-token latency .* gaps +PASS/);
});

t.test('a 50% larger inter-token gap: ITL regresses, TTFT does not', async (t) => {
  t.equal(slow.code, 1, `eval --baseline exits 1 on the regression\n${slow.text}`);
  t.match(slow.text, /P95 inter-token latency/);
  const { code, json } = await compare(base, slow.folder);
  t.equal(code, 1);
  const p50 = latency(json, 'latency.itlMs.p50');
  t.equal(p50.verdict, 'regression', p50.reason);
  t.ok(p50.ci!.low > 0, 'significant');
  // The P95 of gaps against one baseline run carries the run-to-run drift: on a busy machine its
  // interval may straddle the tolerance, but a slowdown is never ruled out.
  const p95 = latency(json, 'latency.itlMs.p95');
  t.ok(['regression', 'inconclusive'].includes(p95.verdict), `P95: ${p95.reason}`);
  for (const metric of ['latency.itlMs.p50', 'latency.itlMs.p95', 'latency.ttftMs.p50'])
    t.comment(`50 -> 75 ms gaps, ${metric}: ${latency(json, metric).reason}`);
  const change = latency(json, 'latency.itlMs.p50').change!;
  t.ok(change > 0.35 && change < 0.65, `ITL P50 change ${change} near +50%`);
  for (const metric of ['latency.ttftMs.p50', 'latency.ttftMs.p95']) {
    t.not(latency(json, metric).verdict, 'regression', `${metric}: ${latency(json, metric).reason}`);
  }
  // The CI outputs eval wrote carry the ITL rows like the TTFT/E2E ones.
  t.match(readFileSync(junit, 'utf8'), /name="P50 inter-token latency vs baseline"[^>]*>\s*<failure/);
  t.match(readFileSync(markdown, 'utf8'), /\| P95 inter-token latency \|.*REGRESSION/);
  t.match(readFileSync(path.join(slow.folder, 'compare.html'), 'utf8'), /P50 inter-token latency/);
});

t.test('a bare results.json: ITL is reported as not compared, with the reason, and leaves the family', async (t) => {
  const bare = copyRun(base, 'bare', null);
  const html = path.join(dir, 'bare.html');
  const xml = path.join(dir, 'bare.xml');
  const md = path.join(dir, 'bare.md');
  const out = io();
  const file = path.join(dir, 'bare.json');
  const code = await compareCommand(
    [bare, same, '--json', file, '--html', html, '--junit', xml, '--markdown', md],
    out,
  );
  const json = JSON.parse(readFileSync(file, 'utf8')) as Comparison;
  t.equal(code, 0, 'not a failure');
  for (const metric of ['latency.itlMs.p50', 'latency.itlMs.p95']) {
    const row = latency(json, metric);
    t.equal(row.verdict, 'no-data');
    t.match(row.reason, /not compared: .*bare\/results\.json has no turns\.jsonl beside it/);
  }
  t.equal(json.figureAlpha, 0.05 / 6, 'ITL is not tested, so the family is back to 6 figures');
  t.match(json.notes?.[0] ?? '', /inter-token latency \(ITL\) not compared/);
  t.match(out.text(), /ℹ inter-token latency \(ITL\) not compared: .*no turns\.jsonl/);
  t.match(readFileSync(md, 'utf8'), /- ℹ️ inter-token latency \(ITL\) not compared/);
  t.match(
    readFileSync(xml, 'utf8'),
    /name="P50 inter-token latency vs baseline"[^>]*>\s*<skipped>no-data: .*no turns\.jsonl/,
  );
  t.match(readFileSync(html, 'utf8'), /inter-token latency \(ITL\) not compared/);
  // TTFT and E2E are compared as before.
  t.equal(latency(json, 'latency.e2eMs.p50').verdict, 'pass');
});

t.test('a turns.jsonl of another run is not used', async (t) => {
  const mixed = copyRun(base, 'mixed', null);
  copyFileSync(path.join(same, 'turns.jsonl'), path.join(mixed, 'turns.jsonl'));
  const { code, json } = await compare(mixed, same);
  t.equal(code, 0);
  t.match(
    latency(json, 'latency.itlMs.p95').reason,
    /turns\.jsonl belongs to run .*, but the baseline's results\.json to run/,
  );
});

t.test('a torn last line (a killed run) is skipped and said; the rest is compared', async (t) => {
  let lastTurnGaps = 0;
  const torn = copyRun(base, 'torn', (text) => {
    const lines = text.trimEnd().split('\n');
    // A killed run's last line: its final turn record cut mid-write (its checks line never came).
    while ((JSON.parse(lines.at(-1)!) as { type: string }).type !== 'turn') lines.pop();
    const last = lines.pop()!;
    lastTurnGaps =
      (JSON.parse(last) as { timing: { contentChunkOffsetsMs: number[] } }).timing.contentChunkOffsetsMs.length - 1;
    return [...lines, last.slice(0, Math.floor(last.length / 2))].join('\n');
  });
  t.ok(lastTurnGaps > 0, 'the torn turn had gaps');
  const { code, json, text } = await compare(torn, same);
  t.equal(code, 0, text);
  const row = latency(json, 'latency.itlMs.p50');
  t.not(row.verdict, 'no-data', row.reason);
  t.equal(
    row.size.baseline.samples,
    read(base).summary.latency.itlMs.count - lastTurnGaps,
    "every gap but the torn turn's",
  );
  t.match(
    json.notes?.join('\n') ?? '',
    /torn\/turns\.jsonl: the last line was cut short .* 1 turn of results\.json has no chunk times/,
  );
  t.match(text, /last line was cut short/);
});

t.test('a corrupt line in the middle: exit 2, one paragraph naming file:line', async (t) => {
  const corrupt = copyRun(base, 'corrupt', (text) => {
    const lines = text.split('\n');
    lines[4] = '{"type":"turn","conversationId": oops';
    return lines.join('\n');
  });
  const run = await runCli(['compare', corrupt, same, '--quiet']);
  t.equal(run.code, 2, run.stderr);
  t.match(run.stderr, `${path.join(corrupt, 'turns.jsonl')}:5: not a JSON line`);
  t.match(run.stderr, /corrupt turn log/);
  t.notMatch(run.stderr, /\n\s+at /, 'no stack trace');
  t.equal(run.stderr.trim().split('\n').length, 1, 'one paragraph');
  // A well-formed line of the wrong shape is corrupt too, with its own line number.
  const shapeless = copyRun(base, 'shapeless', (text) => text.replace(/\n.*\n/, '\n{"type":"chunk"}\n'));
  await t.rejects(compareCommand([shapeless, same, '--quiet'], io()), {
    exitCode: 2,
    message: /shapeless\/turns\.jsonl:2: unknown record type "chunk"/,
  });
});

t.test('load runs: ITL is compared level by level from turns.jsonl', async (t) => {
  const load = async (name: string, fixture: FixtureOptions): Promise<string> => {
    const server = await startFixtureServer({
      ttftMs: 20,
      // 30 ms gaps: a busy machine's timer jitter stays small next to the 50% step.
      itlMs: 30,
      reply: 'You live in Lisbon. Lisbon is lovely.',
      ...fixture,
    });
    const client = testClient(server.url);
    try {
      const outDir = path.join(dir, name);
      await runLoad(client, [{ users: 2 }], {
        outDir,
        durationMs: 3000,
        scenarios: [memoryScenario(2, 'gate-itl-load')],
      });
      return outDir;
    } finally {
      await client.close();
      await server.close();
    }
  };
  const lb = await load('load-base', {});
  const ls = await load('load-slow-itl', { itlMs: 45 });
  const { json } = await compare(lb, ls);
  const at = (metric: string): LatencyRow =>
    json.rows.find((r) => r.kind === 'latency' && r.metric === metric && r.level?.load === 2) as LatencyRow;
  const level = read(lb).load!.levels[0]!;
  t.ok(level.counts.conversations >= 8, `${level.counts.conversations} conversations at 2 users`);
  const itl = at('latency.itlMs.p50');
  t.equal(itl.method, 'shift');
  t.equal(itl.verdict, 'regression', itl.reason);
  t.not(at('latency.ttftMs.p50').verdict, 'regression', at('latency.ttftMs.p50').reason);
  // The level's own gaps: the same as its ITL histogram (HDR, within its precision).
  const histogram = level.figures.latency.itlMs;
  t.equal(itl.size.baseline.samples, histogram.count);
  t.ok(Math.abs(itl.baseline! / histogram.p50! - 1) < 0.01, `P50 ${itl.baseline} vs histogram ${histogram.p50}`);
  t.equal(json.figureAlpha, 0.05 / 8, '8 figures at the one compared level');
  t.comment(`load, 30 -> 45 ms gaps at 2 users: ${itl.reason}`);

  // A load results.json alone (e.g. "chatproof merge" writes no turns.jsonl): not compared, said.
  const bare = await compare(copyRun(lb, 'load-bare', null), ls);
  const bareRow = bare.json.rows.find(
    (r) => r.kind === 'latency' && r.metric === 'latency.itlMs.p95' && r.level?.load === 2,
  ) as LatencyRow;
  t.equal(bareRow.verdict, 'no-data');
  t.match(bareRow.reason, /load-bare\/results\.json has no turns\.jsonl beside it/);
  t.match(bare.json.notes?.[0] ?? '', /inter-token latency \(ITL\) not compared/);
  t.equal(bare.json.figureAlpha, 0.05 / 6);
  // A level without turn records in results.json is compared as points, but never its ITL.
  const strip = (folder: string, name: string): string => {
    const out = copyRun(folder, name, (text) => text);
    const results = read(out);
    results.turns = [];
    writeFileSync(path.join(out, 'results.json'), JSON.stringify(results));
    return out;
  };
  const points = await compare(strip(lb, 'load-base-points'), strip(ls, 'load-slow-points'));
  const pointRow = points.json.rows.find(
    (r) => r.kind === 'latency' && r.metric === 'latency.itlMs.p50' && r.level?.load === 2,
  ) as LatencyRow;
  t.equal(pointRow.verdict, 'no-data');
  t.match(pointRow.reason, /not compared at this level: it has no turn records in results\.json/);
  t.equal(
    (
      points.json.rows.find(
        (r) => r.kind === 'latency' && r.metric === 'latency.e2eMs.p50' && r.level?.load === 2,
      ) as LatencyRow
    ).method,
    'point',
  );
});

t.test(
  'the timing resolution: a sub-millisecond shift of 2 ms gaps is not a regression, the same +30% of 20 ms gaps is',
  async (t) => {
    // 30 conversations of 20 gaps each, +-2.5% around `ms`: tight, so +30% is clearly significant.
    const clusters = (ms: number, seed: number): Cluster[] => {
      const random = seededRandom(seed);
      return Array.from({ length: 30 }, () => ({
        positions: Array.from({ length: 20 }, (_, i) => 1 + Math.floor(i / 10)),
        values: Array.from({ length: 20 }, () => ms * (1 + 0.05 * (random() - 0.5))),
      }));
    };
    const options = { ...DEFAULT_COMPARE_OPTIONS, alpha: 0.05 / 8 };
    const [fast] = percentileRows('latency.itlMs', [clusters(2, 1)], clusters(2.6, 2), options, 'gaps');
    t.ok(fast!.ci!.low > 0.2, `significant: bounds ${fast!.ci!.low} .. ${fast!.ci!.high}`);
    t.not(fast!.verdict, 'regression', `0.6 ms is below the 1 ms the harness can time: ${fast!.reason}`);
    t.equal(fast!.tolerance, 1 / fast!.baseline!, `1 ms of the ${fast!.baseline} ms baseline`);
    t.ok(fast!.tolerance > 0.45 && fast!.tolerance < 0.55, 'about +50%');
    t.match(fast!.reason, /1 ms, the timing resolution/);
    const [slow] = percentileRows('latency.itlMs', [clusters(20, 1)], clusters(26, 2), options, 'gaps');
    t.equal(slow!.verdict, 'regression', slow!.reason);
    t.equal(slow!.tolerance, 0.1, 'from 10 ms up the tolerance is --tolerance');
  },
);
