// DecodeLockstep: generations ask for their next token together, and nobody waits for a leaver.
import t from 'tap';
import { DecodeLockstep } from '../../../src/server/engine/decode-lockstep.js';

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
  const lockstep = new DecodeLockstep();
  const log: string[] = [];
  const a = recorder('a', log);
  const b = recorder('b', log);
  const c = recorder('c', log);
  lockstep.enter();
  lockstep.enter();
  lockstep.enter();
  const pa = lockstep.next(a);
  const pb = lockstep.next(b);
  await Promise.resolve();
  t.same(log, [], 'two of three asked: nothing released');
  const pc = lockstep.next(c);
  t.same(
    (await Promise.all([pa, pb, pc])).map((r) => r.value),
    [0, 0, 0],
  );
  t.same(log.sort(), ['a0', 'b0', 'c0'], 'released together');
  for (let i = 0; i < 3; i++) lockstep.leave();
});

t.test('a generation that leaves releases the ones waiting for it', async (t) => {
  const lockstep = new DecodeLockstep();
  const log: string[] = [];
  lockstep.enter();
  lockstep.enter();
  const pa = lockstep.next(recorder('a', log));
  await Promise.resolve();
  t.same(log, []);
  lockstep.leave(); // b finished instead of asking
  t.equal((await pa).value, 0);
  t.same(log, ['a0']);
  lockstep.leave();
});

t.test('a newcomer joins the next round; a lone generation is never held', async (t) => {
  const lockstep = new DecodeLockstep();
  const log: string[] = [];
  const a = recorder('a', log);
  lockstep.enter();
  t.equal((await lockstep.next(a)).value, 0, 'alone: released at once');
  lockstep.enter();
  const pa = lockstep.next(a);
  const pb = lockstep.next(recorder('b', log));
  t.same(
    (await Promise.all([pa, pb])).map((r) => r.value),
    [1, 0],
  );
  lockstep.leave();
  lockstep.leave();
});

t.test('a rejected next() reaches its caller only', async (t) => {
  const lockstep = new DecodeLockstep();
  // A generator whose first step throws, as a failing decode does.
  const failing = (async function* () {
    if (Date.now() > 0) throw new Error('decode failed');
    yield 0;
  })() as AsyncGenerator<number, void>;
  lockstep.enter();
  await t.rejects(lockstep.next(failing), /decode failed/);
  lockstep.leave();
});
