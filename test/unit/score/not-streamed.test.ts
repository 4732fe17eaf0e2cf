// A reply that is not streamed arrives whole: its arrival is not a first token, and there are no
// gaps between tokens. Such a run reports TTFT and ITL as not measured, and an SLO on them is
// "not measured" (passed: null), never met.
import t from 'tap';
import type { TurnRecord } from '../../../src/core/types.js';
import { parseSlo } from '../../../src/metrics/slo.js';
import { summarizeRecords } from '../../../src/score/summarize.js';

function wholeReply(conversationId: string, turn: number, endMs: number): TurnRecord {
  return {
    type: 'turn',
    scenario: 'plain',
    conversationId,
    repetition: 1,
    turn,
    turnsPlanned: 2,
    user: 'hi',
    messagesSent: turn * 2,
    historyTurnsSent: turn - 1,
    ok: true,
    content: 'hello there',
    // What the client records for a JSON body: the body's arrival as "first token", one chunk.
    timing: { sentAtEpochMs: 1_000 * turn, firstTokenMs: endMs, endMs, contentChunkOffsetsMs: [endMs] },
    usage: { completionTokens: 2, source: 'usage' },
    checks: [],
  };
}

const records = [wholeReply('plain#1', 1, 40), wholeReply('plain#1', 2, 60)];
const slos = [parseSlo('ttft.p95<=500ms'), parseSlo('itl.p95<=100ms'), parseSlo('e2e.p95<=800ms')];

t.test('not streamed: TTFT and ITL are not measured and their SLOs never pass', async (t) => {
  const summary = summarizeRecords(records, slos, { streamed: false });
  t.equal(summary.latency.ttftMs.count, 0);
  t.equal(summary.latency.ttftMs.p95, null);
  t.equal(summary.latency.itlMs.count, 0);
  t.equal(summary.latency.e2eMs.count, 2, 'the whole reply is still timed');
  const byMetric = Object.fromEntries(summary.slo.map((v) => [v.metric, v.passed]));
  t.equal(byMetric['latency.ttftMs.p95'], null, 'TTFT SLO: not measured');
  t.equal(byMetric['latency.itlMs.p95'], null, 'ITL SLO: not measured');
  t.equal(byMetric['latency.e2eMs.p95'], true);
  t.equal(summary.verdict, 'unknown', 'no verdict rests on a figure that was not measured');
});

t.test('streamed: the same records are measured (the flag is what changes)', async (t) => {
  const summary = summarizeRecords(records, slos);
  t.equal(summary.latency.ttftMs.count, 2);
  t.equal(summary.slo.find((v) => v.metric === 'latency.ttftMs.p95')?.passed, true);
});
