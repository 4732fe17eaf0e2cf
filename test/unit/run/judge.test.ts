// The judge client against the fixture judge (a real HTTP server on 127.0.0.1).
import t from 'tap';
import { startJudgeServer } from '../../../fixtures/judge-server/index.js';
import { createChatClient } from '../../../src/client/index.js';
import { Judge } from '../../../src/run/judge.js';
import type { JudgeQuestion } from '../../../src/score/judge/prompt.js';

const question = (reply: string): JudgeQuestion => ({
  rubric: 'The reply correctly recalls what the user said earlier: "order NW-40917".',
  facts: [{ id: 'order', text: 'order NW-40917', turn: 1, probedAt: [2] }],
  transcript: [{ role: 'user', content: 'Which order?' }],
  reply,
  wantScore: false,
});

t.test('verdicts, the cache, and a judge taken as down after three outages in a row', async (t) => {
  const server = await startJudgeServer();
  t.teardown(() => server.close());
  const client = (model: string, totalMs = 30_000) =>
    createChatClient({ baseUrl: server.url, model, timeouts: { totalMs, firstTokenMs: totalMs, idleMs: totalMs } });

  const good = client('judge');
  t.teardown(() => good.close());
  const judge = new Judge({ sender: good, model: 'judge' });
  const pass = await judge.ask(question('It is NW 40917.'));
  t.ok('verdict' in pass && pass.verdict.verdict === 'pass' && pass.verdict.attempts === 1);
  const fail = await judge.ask(question('It is NW 40971.'));
  t.ok('verdict' in fail && fail.verdict.verdict === 'fail');
  const again = await judge.ask(question('It is NW 40917.'));
  t.ok('verdict' in again && again.verdict.cached === true && again.verdict.attempts === 0, 'same question: cached');
  t.equal(server.asked('judge'), 2);

  const hanging = client('judge-hang', 200);
  t.teardown(() => hanging.close());
  const down = new Judge({ sender: hanging, model: 'judge-hang' });
  const causes: string[] = [];
  for (let i = 0; i < 5; i++) {
    const answer = await down.ask(question(`reply ${i}`));
    if ('failure' in answer) causes.push(`${answer.failure.cause}/${answer.failure.attempts}`);
  }
  t.same(
    causes,
    ['judge_timeout/1', 'judge_timeout/1', 'judge_timeout/1', 'judge_timeout/0', 'judge_timeout/0'],
    'after three timeouts the rest fail at once, without a request',
  );
  t.equal(server.asked('judge-hang'), 3);

  const erroring = client('judge-error');
  t.teardown(() => erroring.close());
  const failing = new Judge({ sender: erroring, model: 'judge-error' });
  const answer = await failing.ask(question('x'));
  t.ok(
    'failure' in answer && answer.failure.cause === 'judge_http_error' && answer.failure.attempts === 3,
    'a 500 is retried twice',
  );
  await failing.ask(question('y'));
  await failing.ask(question('z'));
  const fourth = await failing.ask(question('w'));
  t.ok('failure' in fourth && fourth.failure.attempts === 0, 'three exhausted 500s are three outages: down');
  t.equal(server.asked('judge-error'), 9);
});

t.test('an aborted run stops asking', async (t) => {
  const server = await startJudgeServer();
  t.teardown(() => server.close());
  const sender = createChatClient({ baseUrl: server.url, model: 'judge' });
  t.teardown(() => sender.close());
  const controller = new AbortController();
  controller.abort();
  const answer = await new Judge({ sender, model: 'judge' }).ask(question('x'), controller.signal);
  t.ok('failure' in answer && answer.failure.cause === 'aborted');
  t.equal(server.asked(), 0);
});
