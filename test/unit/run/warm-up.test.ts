// The untimed warm-up: requests shaped like the run's first turn, awaited before the run, never
// recorded; the run's header says what was left out.
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import t from 'tap';
import type { ChatRequest, ChatResult, Scenario } from '../../../src/core/types.js';
import { executeEvalRun } from '../../../src/run/eval-run.js';
import { warmUpTarget } from '../../../src/run/warm-up.js';

const scenario = {
  name: 'mini',
  file: 'mini.yaml',
  hash: 'h',
  system: 'Be brief.',
  params: { temperature: 0.2, max_tokens: 64 },
  history: 'live',
  runs: 1,
  facts: [],
  turns: [
    { index: 1, user: 'I live in Lisbon.', checks: [] },
    { index: 2, user: 'Where do I live?', checks: [] },
  ],
  slo: [],
} as unknown as Scenario;

function recordingSender(log: ChatRequest[]) {
  return {
    async chat(request: ChatRequest): Promise<ChatResult> {
      log.push(request);
      return {
        ok: true,
        content: 'ok',
        reasoning: '',
        finishReason: 'stop',
        timing: { sentAtEpochMs: Date.now() } as ChatResult['timing'],
        usage: {} as ChatResult['usage'],
      };
    },
  };
}

t.test('warm-up requests look like the first turn, capped at 16 tokens', async (t) => {
  const log: ChatRequest[] = [];
  const summary = await warmUpTarget({
    sender: recordingSender(log),
    scenarios: [scenario],
    stream: true,
    requests: 2,
  });
  t.equal(log.length, 2);
  t.same(log[0]!.messages, [
    { role: 'system', content: 'Be brief.' },
    { role: 'user', content: 'I live in Lisbon.' },
  ]);
  t.equal(log[0]!.params.max_tokens, 16);
  t.equal(log[0]!.stream, true);
  t.match(summary, { requests: 2, succeeded: 2, excluded: /2 untimed warm-up requests before the run/ });
});

t.test('an eval run sends them first, records none, and says so in its header', async (t) => {
  const log: ChatRequest[] = [];
  const outDir = mkdtempSync(path.join(os.tmpdir(), 'chatproof-warm-'));
  const run = await executeEvalRun({
    scenarios: [scenario],
    sender: recordingSender(log),
    outDir,
    target: { baseUrl: 'http://127.0.0.1:1/v1', stream: true },
    stream: true,
    warmUpRequests: 1,
  });
  t.equal(log.length, 3, 'one warm-up request, then the two turns');
  t.equal(log[0]!.params.max_tokens, 16, 'the warm-up came first');
  const lines = readFileSync(run.turnsPath, 'utf8')
    .trim()
    .split('\n')
    .map((l) => (JSON.parse(l) as { type: string }).type);
  t.same(
    lines.filter((type) => type !== 'checks'),
    ['run', 'turn', 'turn'],
    'header + two turn records: the warm-up is not recorded',
  );
  t.match(run.results, { run: { options: { warmUp: { requests: 1, succeeded: 1 } } } });
  const none = await executeEvalRun({
    scenarios: [scenario],
    sender: recordingSender([]),
    outDir: mkdtempSync(path.join(os.tmpdir(), 'chatproof-warm-')),
    target: { baseUrl: 'http://127.0.0.1:1/v1', stream: true },
    stream: true,
  });
  t.notOk((none.results as { run: { options: Record<string, unknown> } }).run.options.warmUp, 'none by default here');
});
