// Goodput SLOs: conversations that met every SLO, per second and as a share.
import t from 'tap';
import { parseSlo } from '../../../src/metrics/slo.js';
import { goodputFigures } from '../../../src/score/goodput.js';
import { rejudge } from '../../../src/score/rejudge.js';
import { syntheticResults } from '../../helpers/synthetic-results.js';

const results = syntheticResults({ conversations: 20, turns: 6, seed: 8 });

t.test('parsing goodput SLOs with the one grammar', async (t) => {
  t.same(parseSlo('goodputRate>=90%'), { metric: 'goodputRate', op: '>=', threshold: 0.9, source: 'goodputRate>=90%' });
  t.same(parseSlo('goodput >= 0.5/s'), { metric: 'goodput', op: '>=', threshold: 0.5, source: 'goodput >= 0.5/s' });
  t.equal(parseSlo('e2e.p95<=800ms').metric, 'latency.e2eMs.p95');
  t.throws(() => parseSlo('goodputRate>=90'), /did you mean "90%"/);
  t.throws(() => parseSlo('goodput>=50%'), /conversations per second/);
});

t.test(
  'a conversation counts when completed, every turn within the latency limits, every memory check passed',
  async (t) => {
    const limit = 1450;
    const slos = [parseSlo(`e2e.p95<=${limit}ms`), parseSlo('contextAccuracy>=90%')];
    const figures = goodputFigures(results.conversations, results.turns, slos, results.summary.durationMs);
    // Independent count from the records.
    let expected = 0;
    for (const conv of results.conversations) {
      const turns = results.turns.filter((x) => x.conversationId === conv.id);
      if (
        conv.status === 'completed' &&
        turns.every((x) => x.ok && (x.timing.endMs ?? 0) <= limit && x.checks.every((k) => !k.memory || k.passed))
      )
        expected++;
    }
    t.equal(figures.met, expected);
    t.equal(figures.total, results.conversations.filter((c) => c.status !== 'incomplete').length);
    t.ok(
      figures.met > 0 && figures.met < figures.total,
      `${figures.met}/${figures.total}: the limit bites but not everywhere`,
    );
    t.ok(Math.abs(figures.perSecond! - figures.met / (results.summary.durationMs / 1000)) < 1e-12);
    t.equal(
      goodputFigures(results.conversations, results.turns, [parseSlo('e2e.p95<=0ms')], 1000).met,
      0,
      'nothing is within 0 ms',
    );
  },
);

t.test('rejudge with a goodput SLO', async (t) => {
  const loose = rejudge(results, [
    parseSlo('goodputRate>=0%'),
    parseSlo('e2e.p95<=100s'),
    parseSlo('accuracy>=0%'),
    parseSlo('interruptions<=100%'),
  ]);
  t.equal(loose.summary.verdict, 'pass');
  t.ok(loose.summary.slo.some((v) => v.metric === 'goodputRate' && v.passed === true));
  const strict = rejudge(results, [parseSlo('goodputRate>=100%'), parseSlo('e2e.p95<=1ms')]);
  t.equal(strict.summary.verdict, 'fail');
  t.equal(strict.summary.slo.find((v) => v.metric === 'goodputRate')!.actual, 0);
});
