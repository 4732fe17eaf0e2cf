import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import t from 'tap';
import type { Results, Scenario, TurnRecord } from '../../../src/core/types.js';
import { parseCondition } from '../../../src/metrics/slo.js';
import { runChecks } from '../../../src/score/checks/index.js';
import { summarize } from '../../../src/score/summarize.js';

// ajv-formats is CommonJS: under NodeNext the default import is module.exports, whose `.default`
// is the plugin (typed and at run time).
const addFormats = addFormatsModule.default;

const schema = JSON.parse(readFileSync(new URL('../../../schemas/results.schema.json', import.meta.url), 'utf8'));
const ajv = new Ajv({ strict: true, allErrors: true, allowUnionTypes: true });
addFormats(ajv);
const validate = ajv.compile(schema);

const scenario: Scenario = {
  name: 'breakup',
  file: 'fixtures/breakup.yaml',
  hash: 'abc',
  params: { temperature: 0.7, enable_thinking: false },
  history: 'live',
  runs: 2,
  facts: [{ id: 'film', text: 'watched Titanic', turn: 1, probedAt: [2] }],
  turns: [
    { index: 1, user: '我们看了《泰坦尼克号》', checks: [] },
    {
      index: 2,
      user: '还记得我们看了什么吗？',
      checks: [
        {
          name: 'remembers the film',
          fact: 'film',
          memory: true,
          spec: { kind: 'contains', any: ['泰坦尼克号', 'Titanic'] },
        },
      ],
    },
  ],
  slo: [parseCondition('contextAccuracy', '>= 90%')],
};

function record(repetition: number, index: number, content: string, ok = true): TurnRecord {
  const checks = ok ? runChecks(scenario.turns[index - 1].checks, content) : [];
  const r: TurnRecord = {
    type: 'turn',
    scenario: 'breakup',
    conversationId: `breakup#${repetition}`,
    repetition,
    turn: index,
    turnsPlanned: 2,
    user: scenario.turns[index - 1].user,
    messagesSent: index * 2,
    historyTurnsSent: index - 1,
    ok,
    content,
    timing: ok
      ? {
          sentAtEpochMs: 1_700_000_000_000 + repetition * 10_000 + index * 1000,
          headersMs: 5,
          firstByteMs: 6,
          firstTokenMs: 120,
          endMs: 480,
          contentChunkOffsetsMs: [120, 300, 480],
        }
      : {
          sentAtEpochMs: 1_700_000_000_000 + repetition * 10_000 + index * 1000,
          headersMs: 5,
          contentChunkOffsetsMs: [],
        },
    usage: ok ? { promptTokens: 40, completionTokens: 9, source: 'usage' } : { source: 'none' },
    checks,
  };
  if (!ok) r.error = { cause: 'http_5xx', message: 'HTTP 503', httpStatus: 503 };
  return r;
}

function buildResults(): Results {
  const records = [
    record(1, 1, '好的'),
    record(1, 2, '当然记得，是《泰坦尼克号》。'),
    record(2, 1, '好的'),
    record(2, 2, '', false),
  ];
  const parts = summarize(records, [scenario], [parseCondition('latency.e2eMs.p95', '<= 800ms'), ...scenario.slo]);
  return {
    schemaVersion: 1,
    run: {
      runId: '2026-11-29T00-00-00Z-abcd',
      harness: { name: 'chatproof', version: '0.1.0', node: 'v20.20.2' },
      startedAt: '2026-11-29T00:00:00.000Z',
      endedAt: '2026-11-29T00:00:30.000Z',
      durationMs: 30_000,
      target: { baseUrl: 'http://127.0.0.1:8000/v1', model: 'qwen3-8b', stream: true },
      scenarios: [scenario],
      options: { set: ['temperature=0.7'] },
      machine: { platform: 'linux', arch: 'x64', cpus: 2 },
    },
    ...parts,
    // results.json keeps turns without the per-chunk offsets (they stay in turns.jsonl).
    turns: records.map((r) => {
      const { contentChunkOffsetsMs: _dropped, ...timing } = r.timing;
      return { ...r, timing } as TurnRecord;
    }),
  };
}

const errorsOf = () => ajv.errorsText(validate.errors, { separator: '\n' });

t.test('a results object built from summarize validates (ajv strict)', async (t) => {
  const results = buildResults();
  t.equal(results.summary.conversations.interrupted, 1, 'the fixture has a failure to describe');
  t.ok(validate(results), errorsOf());
  t.ok(validate(JSON.parse(JSON.stringify(results))), 'and after a JSON round trip');
});

t.test('broken results are rejected', async (t) => {
  const cases: Array<[string, (r: any) => void]> = [
    [
      'unknown summary key',
      (r) => {
        r.summary.p95 = 700;
      },
    ],
    [
      'unknown distribution key',
      (r) => {
        r.summary.latency.e2eMs.p999 = 1;
      },
    ],
    [
      'rate out of range',
      (r) => {
        r.summary.contextAccuracy = 1.5;
      },
    ],
    [
      'missing verdict',
      (r) => {
        delete r.summary.verdict;
      },
    ],
    [
      'bad verdict',
      (r) => {
        r.summary.verdict = 'ok';
      },
    ],
    [
      'string where a number goes',
      (r) => {
        r.summary.latency.ttftMs.p50 = '120ms';
      },
    ],
    [
      'unknown failure cause',
      (r) => {
        r.summary.interruptionsByCause = { gremlins: 1 };
      },
    ],
    [
      'bad conversation status',
      (r) => {
        r.conversations[0].status = 'done';
      },
    ],
    [
      'bad check kind',
      (r) => {
        r.byCheck[0].kind = 'sentiment';
      },
    ],
    [
      'wrong schemaVersion',
      (r) => {
        r.schemaVersion = 2;
      },
    ],
    [
      'bad date',
      (r) => {
        r.run.startedAt = 'yesterday';
      },
    ],
    [
      'missing turns',
      (r) => {
        delete r.turns;
      },
    ],
  ];
  for (const [label, breakIt] of cases) {
    const results = buildResults();
    breakIt(results);
    t.notOk(validate(results), label);
  }
});

t.test('every property in the schema is documented', async (t) => {
  const undocumented: string[] = [];
  const walk = (node: unknown, path: string): void => {
    if (Array.isArray(node)) {
      node.forEach((child, i) => {
        walk(child, `${path}[${i}]`);
      });
      return;
    }
    if (node === null || typeof node !== 'object') return;
    const properties = (node as { properties?: Record<string, { description?: string }> }).properties;
    if (properties && typeof properties === 'object') {
      for (const [key, value] of Object.entries(properties))
        if (!value.description) undocumented.push(`${path}.${key}`);
    }
    for (const [key, child] of Object.entries(node)) walk(child, `${path}/${key}`);
  };
  walk(schema, '#');
  t.same(undocumented, []);
});
