import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WorkQueue } from '../../../services/operator/src/kubernetes/queue.js';
import { ManualTimers } from './helpers.js';

/** A worker whose calls stay open until the test releases them. */
function gatedWorker() {
  const calls: string[] = [];
  const gates: (() => void)[] = [];
  const worker = (key: string) => {
    calls.push(key);
    return new Promise<void>((resolve) => gates.push(resolve));
  };
  const releaseAll = () => gates.splice(0).forEach((open) => open());
  return { calls, worker, releaseAll };
}

/** Lets every pending promise callback run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('work queue', () => {
  it('reconciles a burst of adds for one key once', async () => {
    const { calls, worker, releaseAll } = gatedWorker();
    const queue = new WorkQueue(worker, { concurrency: 1 });

    queue.add('rings/a');
    queue.add('rings/b');
    queue.add('rings/b');
    queue.add('rings/b');
    releaseAll();
    await settle();
    releaseAll();
    await queue.whenIdle();

    assert.deepEqual(calls, ['rings/a', 'rings/b']);
  });

  it('runs a key again when it was added while in flight, never twice at once', async () => {
    const { calls, worker, releaseAll } = gatedWorker();
    const queue = new WorkQueue(worker, { concurrency: 4 });

    queue.add('rings/a');
    queue.add('rings/a');
    const inFlight = [...calls];
    releaseAll();
    await settle();
    releaseAll();
    await queue.whenIdle();

    assert.deepEqual(inFlight, ['rings/a']);
    assert.deepEqual(calls, ['rings/a', 'rings/a']);
  });

  it('adds a key after its delay, unless an earlier add supersedes it', async () => {
    const timers = new ManualTimers();
    const calls: string[] = [];
    const queue = new WorkQueue(async (key) => void calls.push(key), { timers });

    queue.addAfter('rings/a', 5_000);
    queue.addAfter('rings/b', 5_000);
    queue.add('rings/b');
    await queue.whenIdle();
    timers.advance(4_999);
    const beforeDue = [...calls];
    timers.advance(1);
    await queue.whenIdle();

    assert.deepEqual(beforeDue, ['rings/b']);
    assert.deepEqual(calls, ['rings/b', 'rings/a']);
    assert.equal(timers.pending, 0);
  });

  it('takes nothing more once shut down', async () => {
    const timers = new ManualTimers();
    const calls: string[] = [];
    const queue = new WorkQueue(async (key) => void calls.push(key), { timers });
    queue.addAfter('rings/a', 1_000);

    await queue.shutDown();
    queue.add('rings/b');
    timers.advance(1_000);

    assert.deepEqual(calls, []);
    assert.equal(queue.size, 0);
  });

  it('refuses a concurrency below one, naming it', () => {
    assert.throws(() => new WorkQueue(async () => undefined, { concurrency: 0 }), {
      name: 'RangeError',
      message: 'concurrency: expected an integer >= 1, got 0',
    });
  });
});
