// Passing the turn to a successor that cannot be reached yet: p+1 is tried again until it
// answers or the deadline passes; a far successor gets one attempt, so it never holds the turn.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import * as grpc from '@grpc/grpc-js';
import { pino } from 'pino';
import { initialWeights, modelDef } from '../../services/core/src/model/zoo.js';
import { NodeMetrics } from '../../services/node/src/metrics.js';
import { Successors } from '../../services/node/src/successors.js';
import { basilV1 } from '../../services/protocol/src/load.js';
import { maxMessageBytes } from '../../services/protocol/src/tensors.js';
import { LogTap, ManualClock } from './fixtures.js';

const model = modelDef('mnist-mlp');
const weights = initialWeights(model, 1);

/** A RingNode that acknowledges every push and counts them. */
class AckingPeer {
  readonly server = new grpc.Server({ 'grpc.max_receive_message_length': 8 * 1024 * 1024 });
  pushes = 0;

  constructor() {
    this.server.addService(basilV1().RingNode.service, {
      PushModel: (_call: unknown, callback: grpc.sendUnaryData<{ memoryOccupancy: number }>) => {
        this.pushes++;
        callback(null, { memoryOccupancy: 1 });
      },
    });
  }

  listen(port: number): Promise<number> {
    return new Promise((resolve, reject) =>
      this.server.bindAsync(`127.0.0.1:${port}`, grpc.ServerCredentials.createInsecure(), (e, p) =>
        e === null ? resolve(p) : reject(e),
      ),
    );
  }
}

/** A loopback port that nothing listens on right now. */
async function freePort(): Promise<number> {
  const probe = new AckingPeer();
  const port = await probe.listen(0);
  probe.server.forceShutdown();
  return port;
}

function successors(
  addresses: readonly string[],
  log: LogTap,
  deadlineMs: number,
  clock?: ManualClock,
) {
  return new Successors(
    addresses.map((address, i) => ({ position: i + 1, address })),
    {
      sender: { ringId: 'ring-a', epoch: 1, position: 0, senderId: 'test' },
      maxMessageBytes: maxMessageBytes(model.manifest),
      deadlineMs,
      metrics: new NodeMetrics(),
      logger: pino({ level: 'warn' }, log),
      ...(clock === undefined ? {} : { clock }),
    },
  );
}

const failures = (log: LogTap, position: number) =>
  log.lines.filter((l) => l.msg === 'push failed' && l.position === position).length;

describe('successors', () => {
  const peers: AckingPeer[] = [];

  after(() => {
    for (const peer of peers) peer.server.forceShutdown();
  });

  it('passes the turn to p+1 once it comes up within the deadline', async () => {
    const port = await freePort();
    const log = new LogTap();
    const ring = successors([`127.0.0.1:${port}`], log, 30_000);
    const late = new AckingPeer();
    peers.push(late);
    // p+1 starts listening only after the first attempt has failed.
    void log.waitFor((l) => l.msg === 'push failed').then(() => late.listen(port));

    const [result] = await ring.pass(weights, 1);
    ring.close();

    assert.equal(result?.code, grpc.status.OK);
    assert.equal(late.pushes, 1);
    assert.ok(failures(log, 1) >= 1, 'at least one failed attempt before it came up');
  });

  it('tries a far successor that is down once, and still passes the turn', async () => {
    const near = new AckingPeer();
    peers.push(near);
    const nearPort = await near.listen(0);
    const downPort = await freePort();
    const log = new LogTap();
    const ring = successors([`127.0.0.1:${nearPort}`, `127.0.0.1:${downPort}`], log, 30_000);

    const results = await ring.pass(weights, 1);
    ring.close();

    assert.deepEqual(
      results.map((r) => [r.position, r.code]),
      [
        [1, grpc.status.OK],
        [2, grpc.status.UNAVAILABLE],
      ],
    );
    assert.equal(failures(log, 2), 1);
  });

  it('gives up on p+1 at the deadline, pausing twice as long after each attempt', async () => {
    const port = await freePort();
    const log = new LogTap();
    const clock = new ManualClock();
    const ring = successors([`127.0.0.1:${port}`], log, 500, clock);
    // The pause is scheduled once the failed attempt's promise settles, right after its log line.
    const failed = async (count: number) => {
      await log.waitFor(() => failures(log, 1) === count);
      await new Promise((resolve) => setImmediate(resolve));
      return clock.pending;
    };

    const passing = ring.pass(weights, 1);
    // Attempts at 0, 100 and 300 ms: a pause of 400 ms more would end past the deadline.
    assert.equal(await failed(1), 1);
    clock.advance(100);
    assert.equal(await failed(2), 1);
    clock.advance(200);
    const [result] = await passing;
    ring.close();

    assert.equal(result?.code, grpc.status.UNAVAILABLE);
    assert.equal(failures(log, 1), 3);
    assert.equal(clock.pending, 0);
  });

  it('stops trying to pass the turn once it is closed', async () => {
    const port = await freePort();
    const log = new LogTap();
    const clock = new ManualClock();
    const ring = successors([`127.0.0.1:${port}`], log, 30_000, clock);

    const passing = ring.pass(weights, 1);
    await log.waitFor(() => failures(log, 1) === 1);
    ring.close();
    const [result] = await passing;

    assert.equal(result?.code, grpc.status.UNAVAILABLE);
    assert.equal(failures(log, 1), 1);
    assert.equal(clock.pending, 0);
  });
});
