// DecodeGate: generations ask for their next token together, and nobody waits for a leaver.
import t from 'tap';
import { DecodeGate } from '../../../src/server/engine/gate.js';

/** A generator that records when each next() reached it. */
function recorder(name: string, log: string[]): AsyncGenerator<number, void> {
  return (async function* () {
    for (let i = 0; ; i++) {
      log.push(`${name}${i}`);
      yield i;
    }
  })();
}

t.test('next() calls are released together once every active generation asked', async (t) => {
  const gate = new DecodeGate();
  const log: string[] = [];
  const a = recorder('a', log);
  const b = recorder('b', log);
  const c = recorder('c', log);
  gate.enter();
  gate.enter();
  gate.enter();
  const pa = gate.next(a);
  const pb = gate.next(b);
  await Promise.resolve();
  t.same(log, [], 'two of three asked: nothing released');
  const pc = gate.next(c);
  t.same(
    (await Promise.all([pa, pb, pc])).map((r) => r.value),
    [0, 0, 0],
  );
  t.same(log.sort(), ['a0', 'b0', 'c0'], 'released together');
  for (let i = 0; i < 3; i++) gate.leave();
});

t.test('a generation that leaves releases the ones waiting for it', async (t) => {
  const gate = new DecodeGate();
  const log: string[] = [];
  gate.enter();
  gate.enter();
  const pa = gate.next(recorder('a', log));
  await Promise.resolve();
  t.same(log, []);
  gate.leave(); // b finished instead of asking
  t.equal((await pa).value, 0);
  t.same(log, ['a0']);
  gate.leave();
});

t.test('a newcomer joins the next round; a lone generation is never held', async (t) => {
  const gate = new DecodeGate();
  const log: string[] = [];
  const a = recorder('a', log);
  gate.enter();
  t.equal((await gate.next(a)).value, 0, 'alone: released at once');
  gate.enter();
  const pa = gate.next(a);
  const pb = gate.next(recorder('b', log));
  t.same(
    (await Promise.all([pa, pb])).map((r) => r.value),
    [1, 0],
  );
  gate.leave();
  gate.leave();
});

t.test('a rejected next() reaches its caller only', async (t) => {
  const gate = new DecodeGate();
  // A generator whose first step throws, as a failing decode does.
  const failing = (async function* () {
    if (Date.now() > 0) throw new Error('decode failed');
    yield 0;
  })() as AsyncGenerator<number, void>;
  gate.enter();
  await t.rejects(gate.next(failing), /decode failed/);
  gate.leave();
});
