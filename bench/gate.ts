// The gate's operating characteristics: how often does `chatproof compare` cry wolf on an
// unchanged server, and how often does it catch a real slowdown, at CI-sized runs? A seeded
// simulation of breakup.yaml (its turns and scripted reply lengths) run through the gate's own
// latency rows (src/compare/latency-rows.ts), no servers. Prints one JSON object; --markdown
// also prints the table docs/ci.md shows.
//   node --import tsx bench/gate.ts [--pairs 200] [--seed 1] [--markdown]
//
// A "pair" is a baseline run and a candidate run of the same simulated server. Per turn:
// TTFT = 150 ms and one chunk gap of 20 ms per reply token after the first, each multiplied by
// the noise model's draws; E2E = TTFT + the gaps. Effects make the candidate slower: TTFT x
// (1 + e), or the gaps of each turn longer so that the turn's expected E2E is x (1 + e) with
// TTFT unchanged ("E2E via inter-token latency"). Every figure is tested at 0.05 / 8, the
// per-figure level of a real gate with turns.jsonl (TTFT, E2E, ITL P50/P95, accuracy,
// interruptions): false alarms are counted over the four simulated figures together.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parse } from 'yaml';
import { countTokens } from '../fixtures/openai-server/index.js';
import { DEFAULT_COMPARE_OPTIONS } from '../src/compare/eval-runs.js';
import { percentileRows } from '../src/compare/latency-rows.js';
import type { Cluster } from '../src/compare/shift.js';
import type { CompareOptions, LatencyRow } from '../src/compare/types.js';
import { seededRandom } from '../src/core/random.js';

const { values } = parseArgs({
  options: {
    pairs: { type: 'string', default: '200' },
    seed: { type: 'string', default: '1' },
    markdown: { type: 'boolean', default: false },
    sizes: { type: 'string', default: '1,3,10,30' },
    models: { type: 'string' },
    'noise-floor': { type: 'string' },
  },
});
const PAIRS = Number(values.pairs);
const SEED = Number(values.seed);
const FIGURES = 8;
const TTFT_MS = 150;
const GAP_MS = 20;

interface NoiseModel {
  name: string;
  description: string;
  /** Per-request jitter: TTFT and every gap x U(1 - j, 1 + j). */
  jitter: number;
  /** Per-conversation random effect: every latency of a conversation x U(1 - c, 1 + c). */
  conversation: number;
  /** Share of turns whose TTFT and gaps are all `tailFactor` times slower. */
  tailShare: number;
  tailFactor: number;
  /** Per-run shift (a busier machine): every latency of a run x U(1 - r, 1 + r). */
  run: number;
  /** Baseline runs pooled (a baseline history); 1 = a single baseline run. */
  baselineRuns: number;
}

const MODELS: NoiseModel[] = [
  {
    name: 'jitter',
    description: 'per-request jitter +-30% on TTFT and every gap',
    jitter: 0.3,
    conversation: 0,
    tailShare: 0,
    tailFactor: 1,
    run: 0,
    baselineRuns: 1,
  },
  {
    name: 'conversation',
    description: 'jitter + per-conversation effect +-15%',
    jitter: 0.3,
    conversation: 0.15,
    tailShare: 0,
    tailFactor: 1,
    run: 0,
    baselineRuns: 1,
  },
  {
    name: 'tails',
    description: 'jitter + 2% of turns 5x slower',
    jitter: 0.3,
    conversation: 0,
    tailShare: 0.02,
    tailFactor: 5,
    run: 0,
    baselineRuns: 1,
  },
  {
    name: 'run-drift',
    description: 'jitter + whole run +-3.5% (a busier machine), one baseline run',
    jitter: 0.3,
    conversation: 0,
    tailShare: 0,
    tailFactor: 1,
    run: 0.035,
    baselineRuns: 1,
  },
  {
    name: 'heavy-drift',
    description: 'jitter + whole run +-10%, one baseline run',
    jitter: 0.3,
    conversation: 0,
    tailShare: 0,
    tailFactor: 1,
    run: 0.1,
    baselineRuns: 1,
  },
  {
    name: 'heavy-drift-history',
    description: 'jitter + whole run +-10%, baseline = 5 earlier runs pooled',
    jitter: 0.3,
    conversation: 0,
    tailShare: 0,
    tailFactor: 1,
    run: 0.1,
    baselineRuns: 5,
  },
];
const EFFECTS = [0, 0.1, 0.2, 0.3, 0.5, 1];
const SIZES = values.sizes.split(',').map(Number);

/** breakup.yaml's turns: reply tokens per turn (scripted replies; a turn without one: their mean). */
function scenarioTurns(): number[] {
  const doc = parse(readFileSync(new URL('../scenarios/breakup.yaml', import.meta.url), 'utf8')) as {
    turns: Array<{ assistant?: string }>;
  };
  const known = doc.turns.map((t) => (t.assistant ? countTokens(t.assistant) : null));
  const scripted = known.filter((n): n is number => n !== null);
  const mean = Math.round(scripted.reduce((s, n) => s + n, 0) / scripted.length);
  return known.map((n) => Math.max(2, n ?? mean));
}
const TOKENS = scenarioTurns();

interface Sides {
  ttft: Cluster[];
  e2e: Cluster[];
}

function simulateRun(
  random: () => number,
  model: NoiseModel,
  conversations: number,
  effect: { figure: 'ttft' | 'e2e'; size: number },
): Sides {
  const u = (half: number): number => 1 + half * (2 * random() - 1);
  const runFactor = model.run > 0 ? u(model.run) : 1;
  const ttft: Cluster[] = [];
  const e2e: Cluster[] = [];
  for (let c = 0; c < conversations; c++) {
    const convFactor = model.conversation > 0 ? u(model.conversation) : 1;
    const t: Cluster = { positions: [], values: [] };
    const e: Cluster = { positions: [], values: [] };
    TOKENS.forEach((tokens, k) => {
      const gaps = tokens - 1;
      const tail = model.tailShare > 0 && random() < model.tailShare ? model.tailFactor : 1;
      const scale = runFactor * convFactor * tail;
      const ttftMul = effect.figure === 'ttft' ? 1 + effect.size : 1;
      // Gaps longer by just enough that this turn's expected E2E rises by the effect.
      const gapMul = effect.figure === 'e2e' ? 1 + (effect.size * (TTFT_MS + gaps * GAP_MS)) / (gaps * GAP_MS) : 1;
      const first = TTFT_MS * ttftMul * u(model.jitter) * scale;
      let end = first;
      for (let g = 0; g < gaps; g++) end += GAP_MS * gapMul * u(model.jitter) * scale;
      t.positions.push(k + 1);
      t.values.push(first);
      e.positions.push(k + 1);
      e.values.push(end);
    });
    ttft.push(t);
    e2e.push(e);
  }
  return { ttft, e2e };
}

interface Tally {
  regression: number;
  pass: number;
  inconclusive: number;
}
const tally = (): Tally => ({ regression: 0, pass: 0, inconclusive: 0 });

const options: Required<CompareOptions> = {
  ...DEFAULT_COMPARE_OPTIONS,
  alpha: DEFAULT_COMPARE_OPTIONS.alpha / FIGURES,
  ...(values['noise-floor'] !== undefined ? { noiseFloor: Number(values['noise-floor']) } : {}),
};

interface Cell {
  model: string;
  figure: 'ttft' | 'e2e';
  effect: number;
  conversations: number;
  pairs: number;
  /** Any of TTFT/E2E P50/P95 flagged (the family-wise false-alarm rate when effect is 0). */
  anyRegression: number;
  p50: Tally;
  p95: Tally;
  /** Median over pairs of the slowdown each row could flag with 80% power (P50, P95). */
  detectableP50: number;
  detectableP95: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)]! : Number.NaN;
}

function runCell(model: NoiseModel, figure: 'ttft' | 'e2e', effect: number, conversations: number, seed: number): Cell {
  const random = seededRandom(seed);
  const p50 = tally();
  const p95 = tally();
  let any = 0;
  const det50: number[] = [];
  const det95: number[] = [];
  for (let i = 0; i < PAIRS; i++) {
    const baselines = Array.from({ length: model.baselineRuns }, () =>
      simulateRun(random, model, conversations, { figure, size: 0 }),
    );
    const candidate = simulateRun(random, model, conversations, { figure, size: effect });
    const rows: Record<'ttft' | 'e2e', LatencyRow[]> = {
      ttft: percentileRows(
        'latency.ttftMs',
        baselines.map((b) => b.ttft),
        candidate.ttft,
        options,
      ),
      e2e: percentileRows(
        'latency.e2eMs',
        baselines.map((b) => b.e2e),
        candidate.e2e,
        options,
      ),
    };
    if ([...rows.ttft, ...rows.e2e].some((r) => r.verdict === 'regression')) any++;
    const [r50, r95] = rows[figure];
    for (const [row, t, det] of [
      [r50!, p50, det50],
      [r95!, p95, det95],
    ] as const) {
      if (row.verdict === 'regression' || row.verdict === 'pass' || row.verdict === 'inconclusive') t[row.verdict]++;
      if (row.detectable !== null) det.push(row.detectable);
    }
  }
  const rate = (t: Tally): Tally => ({
    regression: t.regression / PAIRS,
    pass: t.pass / PAIRS,
    inconclusive: t.inconclusive / PAIRS,
  });
  return {
    model: model.name,
    figure,
    effect,
    conversations,
    pairs: PAIRS,
    anyRegression: any / PAIRS,
    p50: rate(p50),
    p95: rate(p95),
    detectableP50: median(det50),
    detectableP95: median(det95),
  };
}

const started = performance.now();
const cells: Cell[] = [];
let cellSeed = SEED * 1_000_003;
const only = values.models?.split(',');
for (const model of MODELS) {
  for (const conversations of SIZES) {
    for (const figure of ['ttft', 'e2e'] as const) {
      for (const effect of EFFECTS) {
        // Effect 0 is the same server whichever figure would change: simulated once.
        if (effect === 0 && figure === 'e2e') continue;
        // Every cell keeps its seed whether or not --models leaves others out.
        const seed = ++cellSeed;
        if (!only || only.includes(model.name)) cells.push(runCell(model, figure, effect, conversations, seed));
      }
    }
  }
}

const find = (model: string, figure: 'ttft' | 'e2e', effect: number, conversations: number): Cell =>
  cells.find(
    (c) => c.model === model && c.figure === figure && c.effect === effect && c.conversations === conversations,
  )!;
// The goals at breakup.yaml's default size: false alarms within 5% under the noise models a
// within-run method can answer for (per-request jitter, conversation effect, heavy tails, drift
// below the tolerance, heavy drift against a baseline history); +30% caught 95% of the time and
// +100% from one conversation 99% of the time, under per-request jitter.
const GOAL_MODELS = ['jitter', 'conversation', 'tails', 'run-drift', 'heavy-drift-history'];
const goals = only
  ? []
  : [
      ...GOAL_MODELS.map((name) => {
        const c = find(name, 'ttft', 0, 3);
        return {
          goal: `false alarms <= 5% at 3 conversations (${name})`,
          measured: c.anyRegression,
          met: c.anyRegression <= 0.05,
        };
      }),
      ...(['ttft', 'e2e'] as const).map((figure) => {
        const c = find('jitter', figure, 0.3, 3);
        return {
          goal: `+30% ${figure.toUpperCase()} P50 detected >= 95% at 3 conversations (jitter)`,
          measured: c.p50.regression,
          met: c.p50.regression >= 0.95,
        };
      }),
      ...(['ttft', 'e2e'] as const).map((figure) => {
        const c = find('jitter', figure, 1, 1);
        return {
          goal: `+100% ${figure.toUpperCase()} P50 detected >= 99% at 1 conversation (jitter)`,
          measured: c.p50.regression,
          met: c.p50.regression >= 0.99,
        };
      }),
    ];
// Reported beside the goals, not as goals: what the method cannot promise.
const limits = only
  ? []
  : [
      ...['heavy-drift'].flatMap((name) =>
        SIZES.map((n) => ({
          what: `false alarms, ${name}, ${n} conversations`,
          measured: find(name, 'ttft', 0, n).anyRegression,
        })),
      ),
      ...MODELS.filter((m) => m.name !== 'jitter').flatMap((m) =>
        (['ttft', 'e2e'] as const).map((figure) => ({
          what: `+100% ${figure.toUpperCase()} P50 detected at 1 conversation (${m.name})`,
          measured: find(m.name, figure, 1, 1).p50.regression,
        })),
      ),
      {
        what: 'false alarms at 1 conversation (conversation)',
        measured: find('conversation', 'ttft', 0, 1).anyRegression,
      },
    ];

const out = {
  bench: 'gate',
  scenario: 'scenarios/breakup.yaml',
  turns: TOKENS.length,
  replyTokens: TOKENS,
  ttftMs: TTFT_MS,
  gapMs: GAP_MS,
  pairs: PAIRS,
  seed: SEED,
  familyAlpha: DEFAULT_COMPARE_OPTIONS.alpha,
  figureAlpha: options.alpha,
  tolerance: options.tolerance,
  noiseFloor: options.noiseFloor,
  models: MODELS,
  goals,
  limits,
  allGoalsMet: goals.every((g) => g.met),
  seconds: Number(((performance.now() - started) / 1000).toFixed(1)),
  cells,
};
console.log(JSON.stringify(out, null, 2));

if (values.markdown) {
  const p = (x: number): string => `${Math.round(x * 100)}%`;
  const lines: string[] = [];
  for (const model of MODELS.filter((m) => cells.some((c) => c.model === m.name))) {
    lines.push('', `**${model.name}**: ${model.description}`, '');
    lines.push(
      '| conversations per run | false alarms | ' +
        EFFECTS.slice(1)
          .map((e) => `+${e * 100}% TTFT P50 / P95`)
          .join(' | ') +
        ' | ' +
        EFFECTS.slice(1)
          .map((e) => `+${e * 100}% E2E P50 / P95`)
          .join(' | ') +
        ' |',
    );
    lines.push(`|${'---|'.repeat(2 + 2 * (EFFECTS.length - 1))}`);
    for (const n of SIZES) {
      const fa = find(model.name, 'ttft', 0, n).anyRegression;
      const cellsFor = (figure: 'ttft' | 'e2e'): string[] =>
        EFFECTS.slice(1).map((e) => {
          const c = find(model.name, figure, e, n);
          return `${p(c.p50.regression)} / ${p(c.p95.regression)}`;
        });
      lines.push(`| ${n} | ${(fa * 100).toFixed(1)}% | ${[...cellsFor('ttft'), ...cellsFor('e2e')].join(' | ')} |`);
    }
  }
  process.stderr.write(`${lines.join('\n')}\n`);
}
