import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { initialWeights, modelDef } from '../../services/core/src/model/zoo.js';
import { startNode, type NodeHandle } from '../../services/node/src/main.js';
import { ringNodeClient } from '../../services/node/src/successors.js';
import { PROTO_ROOT } from '../../services/protocol/src/load.js';
import { encodeWeights, maxMessageBytes } from '../../services/protocol/src/tensors.js';
import { assignmentFor, controlClient, failureOf, LogTap, ManualClock, push } from './fixtures.js';

const nowhere = () => '127.0.0.1:1';
const model = modelDef('mnist-mlp');

type HealthClient = grpc.Client & {
  Check(
    request: { service: string },
    callback: grpc.requestCallback<{ status: string }>,
  ): grpc.ClientUnaryCall;
  Watch(request: { service: string }): grpc.ClientReadableStream<{ status: string }>;
};

function healthClient(address: string): HealthClient {
  const definition = protoLoader.loadSync('grpc/health/v1/health.proto', {
    enums: String,
    includeDirs: [PROTO_ROOT],
  });
  const root = grpc.loadPackageDefinition(definition) as unknown as {
    grpc: { health: { v1: { Health: grpc.ServiceClientConstructor } } };
  };
  const Health = root.grpc.health.v1.Health;
  return new Health(address, grpc.credentials.createInsecure()) as unknown as HealthClient;
}

const check = (client: HealthClient, service: string) =>
  new Promise<string>((resolve, reject) =>
    client.Check({ service }, (error, response) =>
      error === null ? resolve(response?.status ?? '') : reject(error),
    ),
  );

describe('NodeControl', () => {
  let node: NodeHandle;
  let control: ReturnType<typeof controlClient>;
  let ring: ReturnType<typeof ringNodeClient>;
  let health: HealthClient;
  const log = new LogTap();
  const memoryModels = async () => (await node.metrics.memoryModels.get()).values[0]?.value;
  const configuredLines = () => log.lines.filter((l) => l.msg === 'node configured').length;
  const pushFrom = (senderPosition: number, epoch = 1) =>
    push(ring, {
      ringId: 'ring-a',
      epoch,
      round: 1,
      senderPosition,
      senderId: 'test',
      tensors: encodeWeights(initialWeights(model, 3)),
    });

  before(async () => {
    node = await startNode({
      grpcPort: 0,
      metricsPort: 0,
      host: '127.0.0.1',
      logLevel: 'info',
      logDestination: log,
      // Nothing in these tests may time out on its own.
      clock: new ManualClock(),
    });
    control = controlClient(node.grpcAddress);
    ring = ringNodeClient(node.grpcAddress, maxMessageBytes(model.manifest));
    health = healthClient(node.grpcAddress);
  });

  after(async () => {
    health.close();
    ring.close();
    control.close();
    await node.close();
  });

  it('reports IDLE and the backend before any Configure', async () => {
    const status = await control.status();

    assert.equal(status.state, 'NODE_STATE_IDLE');
    assert.ok(['tensorflow', 'wasm', 'cpu'].includes(status.backend), status.backend);
  });

  it('configures once, and answers a repeated Configure without loading again', async () => {
    const first = await control.configure(assignmentFor(2, nowhere));
    await pushFrom(1);

    const again = await control.configure(assignmentFor(2, nowhere));

    assert.equal(first.state, 'NODE_STATE_CONFIGURED');
    assert.equal(again.state, 'NODE_STATE_CONFIGURED');
    assert.equal(configuredLines(), 1);
    assert.equal(await memoryModels(), 1);
  });

  const refused: [string, () => ReturnType<typeof assignmentFor>, grpc.status, RegExp][] = [
    [
      'another assignment under the same epoch',
      () => assignmentFor(2, nowhere, { nodeIndex: 3 }),
      grpc.status.FAILED_PRECONDITION,
      /^epoch 1 is already configured with another assignment/,
    ],
    [
      'an older epoch',
      () => assignmentFor(2, nowhere, { epoch: 0 }),
      grpc.status.FAILED_PRECONDITION,
      /^epoch 0 is older than epoch 1/,
    ],
    [
      'a spec that fails validation',
      () => assignmentFor(2, nowhere, { epoch: 5, specJson: '{"nodes": 1}' }),
      grpc.status.INVALID_ARGUMENT,
      /^spec_json: .*\n\s+nodes: /,
    ],
    [
      'predecessors other than the S nearest',
      () =>
        assignmentFor(2, nowhere, { epoch: 5, predecessors: [{ position: 3, address: 'a:1' }] }),
      grpc.status.INVALID_ARGUMENT,
      /^predecessors: expected positions \[1, 0\], got \[3\]/,
    ],
    [
      'a role left unspecified',
      () => assignmentFor(2, nowhere, { epoch: 5, role: 'ROLE_UNSPECIFIED' }),
      grpc.status.INVALID_ARGUMENT,
      /^role: /,
    ],
  ];
  for (const [what, assignment, code, message] of refused) {
    it(`refuses ${what} and keeps the run it has`, async () => {
      const error = await failureOf(control.configure(assignment()));

      assert.equal(error.code, code);
      assert.match(error.details, message);
      const status = await control.status();
      assert.equal(status.state, 'NODE_STATE_CONFIGURED');
      assert.equal(status.epoch, 1);
    });
  }

  it('refuses to Start another epoch than the configured one', async () => {
    const error = await failureOf(control.start('ring-a', 2));

    assert.equal(error.code, grpc.status.FAILED_PRECONDITION);
    assert.match(error.details, /^configured for ring "ring-a" epoch 1, not ring "ring-a" epoch 2/);
  });

  it('starts idempotently', async () => {
    const first = await control.start('ring-a', 1);
    const again = await control.start('ring-a', 1);

    assert.equal(first.state, 'NODE_STATE_RUNNING');
    assert.equal(again.state, 'NODE_STATE_RUNNING');
  });

  it('replaces the run, and empties memory, for a newer epoch', async () => {
    const response = await control.configure(assignmentFor(2, nowhere, { epoch: 2 }));

    assert.equal(response.state, 'NODE_STATE_CONFIGURED');
    assert.equal((await control.status()).epoch, 2);
    assert.equal(await memoryModels(), 0);
    assert.equal((await failureOf(pushFrom(1, 1))).code, grpc.status.FAILED_PRECONDITION);
  });

  it('stops idempotently', async () => {
    const first = await control.stop('ring-a');
    const again = await control.stop('ring-a');

    assert.equal(first.state, 'NODE_STATE_STOPPED');
    assert.equal(again.state, 'NODE_STATE_STOPPED');
  });
});

describe('grpc.health.v1.Health', () => {
  let node: NodeHandle;
  let health: HealthClient;
  let ring: ReturnType<typeof ringNodeClient>;

  before(async () => {
    node = await startNode({ grpcPort: 0, metricsPort: 0, host: '127.0.0.1', logLevel: 'silent' });
    health = healthClient(node.grpcAddress);
    ring = ringNodeClient(node.grpcAddress, maxMessageBytes(model.manifest));
  });

  after(async () => {
    ring.close();
    health.close();
    await node.close();
  });

  for (const service of ['', 'basil.v1.RingNode', 'basil.v1.NodeControl']) {
    it(`reports "${service}" SERVING once the node listens`, async () => {
      assert.equal(await check(health, service), 'SERVING');
    });
  }

  it('answers NOT_FOUND for a service it does not serve', async () => {
    const error = await failureOf(check(health, 'basil.v1.Nothing'));

    assert.equal(error.code, grpc.status.NOT_FOUND);
  });

  it('answers Watch with UNIMPLEMENTED', async () => {
    const stream = health.Watch({ service: '' });
    const error = await new Promise<grpc.ServiceError>((resolve) => stream.on('error', resolve));

    assert.equal(error.code, grpc.status.UNIMPLEMENTED);
  });

  it('reports NOT_SERVING and refuses models once it drains', async () => {
    await node.drain();

    assert.equal(await check(health, ''), 'NOT_SERVING');
    const error = await failureOf(push(ring, { ringId: 'ring-a', round: 1 }));
    assert.equal(error.code, grpc.status.UNAVAILABLE);
    assert.match(error.details, /^draining: /);
  });
});
