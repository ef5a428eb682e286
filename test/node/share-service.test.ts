// The DataShare service of one node: ACDS messages are checked before they reach the sharing
// state, and each refusal maps to one status code and one counted reason.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as grpc from '@grpc/grpc-js';
import { neighboursOf } from '../../services/core/src/acds/messages.js';
import { sharingLayout } from '../../services/core/src/acds/run.js';
import type { RingSpecInput } from '../../services/core/src/spec/schema.js';
import { startNode, type NodeHandle } from '../../services/node/src/main.js';
import { basilV1 } from '../../services/protocol/src/load.js';
import type { DataShareClient, ShareSet } from '../../services/protocol/src/messages.js';
import { assignmentFor, controlClient, failureOf, LogTap, TINY_SPEC } from './fixtures.js';

/** The tiny ring with ACDS: one sharing group of all four nodes. */
const SPEC: RingSpecInput = { ...TINY_SPEC, acds: { enabled: true, groupSize: 4 } };

const nowhere = () => '127.0.0.1:1';

function passSet(client: DataShareClient, request: ShareSet): Promise<unknown> {
  const deadline = new Date(Date.now() + 10_000);
  return new Promise((resolve, reject) =>
    client.PassSet(request, { deadline }, (error, ack) =>
      error === null ? resolve(ack) : reject(error),
    ),
  );
}

/** A one-sample set of MNIST shape; `values` per sample defaults to 784. */
const samples = (values = 784, label = 3) => ({
  count: 1,
  sampleShape: values === 784 ? [28, 28, 1] : [values],
  x: Buffer.alloc(values * 4),
  y: Buffer.from([label]),
});

describe('DataShare', () => {
  let node: NodeHandle;
  let client: DataShareClient;
  const log = new LogTap();
  const layout = sharingLayout(4, 4, 1);
  const [neighbour] = neighboursOf(layout, 0);

  before(async () => {
    node = await startNode({
      grpcPort: 0,
      metricsPort: 0,
      host: '127.0.0.1',
      nodeId: 'share',
      logDestination: log,
      env: {},
    });
    const control = controlClient(node.grpcAddress);
    const sharePeers = neighboursOf(layout, 0).map((n) => ({
      nodeIndex: n,
      position: n,
      address: nowhere(),
    }));
    await control.configure(assignmentFor(0, nowhere, { sharePeers }, SPEC));
    control.close();
    client = new (basilV1().DataShare)(node.grpcAddress, grpc.credentials.createInsecure());
  });

  after(async () => {
    client.close();
    await node.close();
  });

  const base = (): ShareSet => ({
    ringId: 'ring-a',
    epoch: 1,
    senderPosition: neighbour,
    senderId: 'test',
    kind: 'SHARE_KIND_PASS',
    group: 0,
    pass: 1,
    samples: samples(),
  });

  const cases: { name: string; request: () => ShareSet; code: grpc.status; reason: string }[] = [
    {
      name: 'a sender that is no sharing neighbour',
      request: () => ({ ...base(), senderPosition: 0 }),
      code: grpc.status.FAILED_PRECONDITION,
      reason: 'unknown-sender',
    },
    {
      name: 'another ring',
      request: () => ({ ...base(), ringId: 'ring-b' }),
      code: grpc.status.FAILED_PRECONDITION,
      reason: 'wrong-ring',
    },
    {
      name: 'samples of another shape',
      request: () => ({ ...base(), samples: samples(10) }),
      code: grpc.status.INVALID_ARGUMENT,
      reason: 'wrong-shape',
    },
    {
      name: 'a label outside the classes',
      request: () => ({ ...base(), samples: samples(784, 10) }),
      code: grpc.status.INVALID_ARGUMENT,
      reason: 'bad-label',
    },
    {
      name: 'fewer bytes than the count needs',
      request: () => ({ ...base(), samples: { ...samples(), count: 2 } }),
      code: grpc.status.INVALID_ARGUMENT,
      reason: 'wrong-size',
    },
  ];
  for (const { name, request, code, reason } of cases) {
    it(`refuses ${name} with ${grpc.status[code]} (${reason})`, async () => {
      const error = await failureOf(passSet(client, request()));
      assert.equal(error.code, code);
      assert.match(error.details, new RegExp(`^${reason}: `));
      const counted = await node.metrics.shareRejected.get();
      assert.equal(counted.values.find((v) => v.labels.reason === reason)?.value, 1);
    });
  }

  it('reports phase 1 (passing) while no pass has gone round', async () => {
    assert.equal((await node.metrics.acdsPhase.get()).values[0]?.value, 1);
  });
});
