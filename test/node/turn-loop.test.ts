import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as grpc from '@grpc/grpc-js';
import { pino } from 'pino';
import { initialWeights, modelDef } from '../../services/core/src/model/zoo.js';
import { startNode, type NodeHandle } from '../../services/node/src/main.js';
import { ringNodeClient } from '../../services/node/src/successors.js';
import { TurnLoop } from '../../services/node/src/turn-loop.js';
import type { ModelEnvelope__Output } from '../../services/protocol/src/messages.js';
import { basilV1 } from '../../services/protocol/src/load.js';
import { encodeWeights, maxMessageBytes } from '../../services/protocol/src/tensors.js';
import { assignmentFor, controlClient, LogTap, ManualClock, push, TINY_SPEC } from './fixtures.js';

const TIMEOUT_MS = 1000;

/** A loop at `position` of 4 over 2 rounds, whose turns are recorded instead of run. */
function loopAt(position: number, firstRound = 1) {
  const clock = new ManualClock();
  const turns: [number, boolean][] = [];
  const events: string[] = [];
  let turnDone: () => void = () => undefined;
  const loop = new TurnLoop({
    position,
    nodes: 4,
    rounds: 2,
    turnTimeoutMs: TIMEOUT_MS,
    firstRound,
    clock,
    logger: pino({ level: 'silent' }),
    takeTurn: async (round, timedOut) => {
      turns.push([round, timedOut]);
      turnDone();
    },
    onFinished: () => events.push('finished'),
    onFailed: (error) => events.push(`failed: ${String(error)}`),
  });
  /** Resolves after the next turn has run and the loop has moved on. */
  const nextTurn = () =>
    new Promise<void>((resolve) => {
      turnDone = () => setImmediate(resolve);
    });
  return { clock, loop, turns, events, nextTurn };
}

describe('turn loop', () => {
  it('opens round 1 at position 0 as soon as it starts', async () => {
    const { loop, turns, nextTurn } = loopAt(0);
    const turned = nextTurn();

    loop.start();
    await turned;

    assert.deepEqual(turns, [[1, false]]);
  });

  it('takes the turn when the direct predecessor passes it', async () => {
    const { loop, turns, nextTurn } = loopAt(2);
    loop.start();
    const turned = nextTurn();

    loop.arrived(1, 1, true);
    await turned;

    assert.deepEqual(turns, [[1, false]]);
  });

  it('takes round r + 1 at position 0 when the last position passes round r', async () => {
    const { loop, turns, nextTurn } = loopAt(0, 2);
    loop.start();
    const turned = nextTurn();

    loop.arrived(3, 1, true);
    await turned;

    assert.deepEqual(turns, [[2, false]]);
  });

  it('waits turnTimeoutMs after the latest arrival, then takes the turn timed out', async () => {
    const { clock, loop, turns, nextTurn } = loopAt(2);
    loop.start();
    loop.arrived(0, 1, false);
    clock.advance(TIMEOUT_MS - 100);
    loop.arrived(0, 1, false);
    clock.advance(TIMEOUT_MS - 1);
    assert.deepEqual(turns, []);
    const turned = nextTurn();

    clock.advance(1);
    await turned;

    assert.deepEqual(turns, [[1, true]]);
  });

  it('never arms the timeout before any model has arrived', () => {
    const { clock, loop } = loopAt(2);

    loop.start();

    assert.equal(clock.pending, 0);
  });

  it('ignores a pass for a round it already took on the timeout', async () => {
    const { clock, loop, turns, nextTurn } = loopAt(2);
    loop.start();
    loop.arrived(0, 1, false);
    const turned = nextTurn();
    clock.advance(TIMEOUT_MS);
    await turned;

    loop.arrived(1, 1, true);
    await new Promise((resolve) => setImmediate(resolve));

    assert.deepEqual(turns, [[1, true]]);
    assert.equal(loop.next, 2);
  });

  it('finishes after the last round', async () => {
    const { loop, turns, events, nextTurn } = loopAt(1);
    loop.start();
    let turned = nextTurn();
    loop.arrived(0, 1, true);
    await turned;
    turned = nextTurn();

    loop.arrived(0, 2, true);
    await turned;

    assert.deepEqual(turns, [
      [1, false],
      [2, false],
    ]);
    assert.deepEqual(events, ['finished']);
  });
});

describe('a node whose predecessor is dead', () => {
  const clock = new ManualClock();
  const received: { to: number; envelope: ModelEnvelope__Output }[] = [];
  const sinks: grpc.Server[] = [];
  const addresses = new Map<number, string>();
  const log = new LogTap();
  let node: NodeHandle;

  before(async () => {
    // Successors 3 and 0 of position 2 are sinks that store nothing and acknowledge everything.
    for (const position of [3, 0]) {
      const server = new grpc.Server();
      server.addService(basilV1().RingNode.service, {
        PushModel: (
          call: grpc.ServerUnaryCall<ModelEnvelope__Output, unknown>,
          done: grpc.sendUnaryData<unknown>,
        ) => {
          received.push({ to: position, envelope: call.request });
          done(null, { memoryOccupancy: 1 });
        },
      });
      const port = await new Promise<number>((resolve, reject) =>
        server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (e, p) =>
          e === null ? resolve(p) : reject(e),
        ),
      );
      sinks.push(server);
      addresses.set(position, `127.0.0.1:${port}`);
    }
    node = await startNode({
      grpcPort: 0,
      metricsPort: 0,
      host: '127.0.0.1',
      logLevel: 'info',
      clock,
      logDestination: log,
    });
  });

  after(async () => {
    await node.close();
    for (const sink of sinks) sink.forceShutdown();
  });

  it('takes its turn on the timeout and passes the model on, nearest successor last', async () => {
    const control = controlClient(node.grpcAddress);
    const spec = { ...TINY_SPEC, turnTimeoutMs: TIMEOUT_MS };
    const address = (p: number) => addresses.get(p) ?? '127.0.0.1:1';
    await control.configure(assignmentFor(2, address, {}, spec));
    await control.start('ring-a', 1);
    const model = modelDef('mnist-mlp');
    const ring = ringNodeClient(node.grpcAddress, maxMessageBytes(model.manifest));
    const tensors = encodeWeights(initialWeights(model, 5));
    await push(ring, { ringId: 'ring-a', epoch: 1, round: 1, senderPosition: 0, tensors });
    ring.close();

    clock.advance(TIMEOUT_MS - 1);
    assert.equal((await control.status()).turnsTaken, 0);
    clock.advance(1);
    await log.waitFor((line) => line.msg === 'turn taken');

    const sent = received.map(({ to, envelope }) => [to, envelope.round, envelope.passesTurn]);
    assert.deepEqual(sent, [
      [0, 1, false],
      [3, 1, true],
    ]);
    assert.ok(received.every(({ envelope }) => envelope.senderPosition === 2));
    const status = await control.status();
    control.close();
    assert.deepEqual([status.turnsTaken, status.turnsTimedOut, status.round], [1, 1, 1]);
    assert.equal(status.reports[0]?.timedOut, true);
    const turns = await node.metrics.turns.get();
    assert.equal(turns.values.find((v) => v.labels.outcome === 'timed_out')?.value, 1);
  });
});
