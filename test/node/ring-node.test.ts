import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as grpc from '@grpc/grpc-js';
import { initialWeights, modelDef } from '../../services/core/src/model/zoo.js';
import type { Weights } from '../../services/core/src/model/weights.js';
import { startNode, type NodeHandle } from '../../services/node/src/main.js';
import { ringNodeClient } from '../../services/node/src/successors.js';
import type { ModelEnvelope } from '../../services/protocol/src/messages.js';
import {
  encodeWeights,
  envelopeBytes,
  maxMessageBytes,
} from '../../services/protocol/src/tensors.js';
import { varintBytes } from '../../services/protocol/src/wire-size.js';
import { assignmentFor, controlClient, failureOf, push } from './fixtures.js';

const model = modelDef('mnist-mlp');
const LIMIT = maxMessageBytes(model.manifest);
const honest = initialWeights(model, 7);

// The node under test sits at position 2 of 4 with S = 2: it accepts positions 1 and 0 only.
const POSITION = 2;

function envelope(overrides: Partial<ModelEnvelope> = {}, weights: Weights = honest) {
  return {
    ringId: 'ring-a',
    epoch: 1,
    round: 1,
    senderPosition: 1,
    senderId: 'test-sender',
    passesTurn: false,
    tensors: encodeWeights(weights),
    ...overrides,
  } satisfies ModelEnvelope;
}

/** The envelope with its sender id padded so that it encodes to exactly `bytes`. */
function sizedTo(base: ModelEnvelope, bytes: number): ModelEnvelope {
  const field = bytes - envelopeBytes({ ...base, senderId: undefined });
  const length = [2, 3, 4].map((n) => field - n).find((l) => 1 + varintBytes(l) + l === field);
  const sized = { ...base, senderId: 's'.repeat(length as number) };
  assert.equal(envelopeBytes(sized), bytes);
  return sized;
}

function replaced(name: string, change: (t: Weights[number]) => Weights[number]): Weights {
  return honest.map((t) => (t.name === name ? change(t) : t));
}

describe('RingNode.PushModel', () => {
  let node: NodeHandle;
  let control: ReturnType<typeof controlClient>;
  let client: ReturnType<typeof ringNodeClient>;

  const rejected = async (reason: string): Promise<number> => {
    const { values } = await node.metrics.rejectedModels.get();
    return values.find((v) => v.labels.reason === reason)?.value ?? 0;
  };
  const memoryModels = async () => (await node.metrics.memoryModels.get()).values[0]?.value;
  const receivedBytes = async () => (await node.metrics.receivedBytes.get()).values[0]?.value;

  before(async () => {
    node = await startNode({ grpcPort: 0, metricsPort: 0, host: '127.0.0.1', logLevel: 'silent' });
    control = controlClient(node.grpcAddress);
    // A send limit above the node's, so that the node, not this client, judges the size.
    client = ringNodeClient(node.grpcAddress, LIMIT + 1024);
  });

  after(async () => {
    client.close();
    control.close();
    await node.close();
  });

  it('refuses models with UNAVAILABLE until it is configured', async () => {
    const error = await failureOf(push(client, envelope()));

    assert.equal(error.code, grpc.status.UNAVAILABLE);
    assert.match(error.details, /^not-configured: /);
    assert.equal(await rejected('not-configured'), 1);
  });

  it('stores a model from a predecessor and acknowledges the memory occupancy', async () => {
    await control.configure(assignmentFor(POSITION, () => '127.0.0.1:1'));

    const ack = await push(client, envelope({ senderPosition: 1, round: 1 }));

    assert.equal(ack.memoryOccupancy, 1);
    assert.equal(await memoryModels(), 1);
  });

  const cases: [string, ModelEnvelope, grpc.status, string][] = [
    [
      'a sender that is not among the S predecessors',
      envelope({ senderPosition: 3 }),
      grpc.status.FAILED_PRECONDITION,
      'not-a-predecessor',
    ],
    [
      'a replay of a round already held from that sender',
      envelope({ senderPosition: 1, round: 1 }),
      grpc.status.FAILED_PRECONDITION,
      'stale-round',
    ],
    [
      'a NaN value',
      envelope(
        { senderPosition: 0 },
        replaced('dense2/bias', (t) => ({ ...t, values: t.values.map((v, i) => (i ? v : NaN)) })),
      ),
      grpc.status.INVALID_ARGUMENT,
      'non-finite',
    ],
    [
      'a tensor of the right size with its dimensions swapped',
      envelope(
        { senderPosition: 0 },
        replaced('dense1/kernel', (t) => ({ ...t, shape: [100, 784] })),
      ),
      grpc.status.INVALID_ARGUMENT,
      'wrong-shape',
    ],
    [
      'a missing tensor',
      envelope({ senderPosition: 0 }, honest.slice(1)),
      grpc.status.INVALID_ARGUMENT,
      'missing-tensor',
    ],
    [
      'another ring',
      envelope({ senderPosition: 0, ringId: 'ring-b' }),
      grpc.status.FAILED_PRECONDITION,
      'wrong-ring',
    ],
    [
      'an older epoch',
      envelope({ senderPosition: 0, epoch: 0 }),
      grpc.status.FAILED_PRECONDITION,
      'stale-epoch',
    ],
    [
      'a round beyond the spec',
      envelope({ senderPosition: 0, round: 3 }),
      grpc.status.FAILED_PRECONDITION,
      'bad-round',
    ],
  ];
  for (const [what, sent, code, reason] of cases) {
    it(`rejects ${what} as ${reason}, and keeps serving`, async () => {
      const before = await rejected(reason);

      const error = await failureOf(push(client, sent));

      assert.equal(error.code, code);
      assert.ok(error.details.startsWith(`${reason}: `), error.details);
      assert.equal(await rejected(reason), before + 1);
      assert.equal(await memoryModels(), 1);
      const status = await control.status();
      assert.equal(status.state, 'NODE_STATE_CONFIGURED');
      assert.equal(status.rejections.find((r) => r.reason === reason)?.count, before + 1);
    });
  }

  it('accepts a message of exactly the size limit', async () => {
    const sent = sizedTo(envelope({ senderPosition: 0, round: 1 }), LIMIT);

    const ack = await push(client, sent);

    assert.equal(ack.memoryOccupancy, 2);
  });

  it('rejects a message one byte over the limit as too-large', async () => {
    const receivedBefore = (await receivedBytes()) ?? 0;
    const sent = sizedTo(envelope({ senderPosition: 0, round: 2 }), LIMIT + 1);

    const error = await failureOf(push(client, sent));

    assert.equal(error.code, grpc.status.RESOURCE_EXHAUSTED);
    assert.match(error.details, /^too-large: /);
    assert.equal(await rejected('too-large'), 1);
    assert.equal(await receivedBytes(), receivedBefore + LIMIT + 1);
  });

  describe('a sender held to the same limit', () => {
    let limited: ReturnType<typeof ringNodeClient>;
    before(() => {
      limited = ringNodeClient(node.grpcAddress, LIMIT);
    });
    after(() => limited.close());

    it('sends a message of exactly the limit', async () => {
      const ack = await push(limited, sizedTo(envelope({ senderPosition: 1, round: 2 }), LIMIT));

      assert.equal(ack.memoryOccupancy, 2);
    });

    it('refuses to send one byte more, and nothing reaches the node', async () => {
      const receivedBefore = await receivedBytes();
      const sent = sizedTo(envelope({ senderPosition: 0, round: 2 }), LIMIT + 1);

      const error = await failureOf(push(limited, sent));

      assert.equal(error.code, grpc.status.RESOURCE_EXHAUSTED);
      assert.match(error.details, /send message with a size larger than/);
      assert.equal(await receivedBytes(), receivedBefore);
    });
  });
});
