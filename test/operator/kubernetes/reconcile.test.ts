import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { NS, ReconcileFixture } from './reconcile-fixture.js';

describe('ring reconcile', { timeout: 15_000 }, () => {
  let f: ReconcileFixture;

  beforeEach(async () => {
    f = await ReconcileFixture.start();
  });

  afterEach(() => f.close());

  it('creates the Service and StatefulSet, then waits for the pods', async () => {
    f.createRing();

    const outcome = await f.reconcile();

    assert.deepEqual(f.server.allWrites(), {
      'basilrings/status': 1,
      services: 1,
      statefulsets: 1,
    });
    assert.equal(outcome.phase, 'Pending');
    assert.equal(f.status().phase, 'Pending');
    assert.equal(f.status().observedGeneration, 1);
    assert.equal(f.status().epoch, 1);
    assert.deepEqual(f.condition('Progressing'), {
      status: 'True',
      reason: 'WaitingForPods',
      message: '0 of 3 pods are running and ready',
    });
    assert.deepEqual(f.condition('Available').status, 'False');
  });

  it('reconciling twice gives the same objects and no extra writes', async () => {
    f.createRing();
    await f.reconcile();
    const objects = () => [
      f.server.store.get('services', NS, 'alpha'),
      f.server.store.get('statefulsets', NS, 'alpha'),
      f.server.store.get('basilrings', NS, 'alpha'),
    ];
    const before = { objects: objects(), writes: f.server.allWrites() };

    await f.reconcile();

    assert.deepEqual(objects(), before.objects);
    assert.deepEqual(f.server.allWrites(), before.writes);
  });

  it('configures every pod at its stable DNS name, then starts the ring', async () => {
    await f.runningRing();

    assert.deepEqual(f.nodes.dialed, [
      'alpha-0.alpha.rings.svc:50051',
      'alpha-1.alpha.rings.svc:50051',
      'alpha-2.alpha.rings.svc:50051',
    ]);
    for (const [position, node] of f.nodes.nodes.entries()) {
      assert.equal(node.configures.length, 1);
      const assignment = node.configures[0];
      assert.equal(assignment?.position, position);
      assert.equal(assignment?.ringId, 'rings/alpha');
      assert.equal(assignment?.epoch, 1);
      assert.equal(assignment?.resumeRound, 0);
      assert.deepEqual(assignment?.successors, [
        {
          position: (position + 1) % 3,
          address: `alpha-${(position + 1) % 3}.alpha.rings.svc:50051`,
        },
      ]);
      assert.deepEqual(node.starts, ['rings/alpha@1']);
    }
    assert.equal(f.status().phase, 'Running');
    assert.deepEqual(f.condition('Available'), {
      status: 'True',
      reason: 'RingRunning',
      message: 'every position has been configured and started',
    });
    assert.deepEqual(f.status().assignments, [
      { position: 0, pod: 'alpha-0', role: 'honest' },
      { position: 1, pod: 'alpha-1', role: 'honest' },
      { position: 2, pod: 'alpha-2', role: 'honest' },
    ]);
  });

  it('makes no write at all on a pass where nothing changed', async () => {
    await f.runningRing();
    const writes = f.server.allWrites();

    const outcome = await f.reconcile();

    assert.deepEqual(f.server.allWrites(), writes);
    assert.equal(outcome.phase, 'Running');
    assert.equal(f.nodes.nodes.map((n) => n.configures.length).join(), '1,1,1');
  });

  it('reports the round every honest node finished and its accuracy, then success', async () => {
    await f.runningRing();
    [0.5, 0.75, 1].forEach((accuracy, i) => f.nodes.nodes[i]?.takeTurn(1, accuracy));
    f.nodes.nodes[0]?.takeTurn(2, 0.9);

    await f.reconcile();
    const afterRound1 = { ...f.status(), progressing: f.condition('Progressing') };
    f.nodes.nodes.forEach((node) => (node.state = 'NODE_STATE_FINISHED'));
    const outcome = await f.reconcile();

    assert.equal(afterRound1.round, 1);
    assert.equal(afterRound1.honestAccuracyMean, 0.75);
    assert.equal(afterRound1.honestAccuracyMin, 0.5);
    assert.deepEqual(afterRound1.progressing, {
      status: 'True',
      reason: 'Training',
      message: 'round 1 of 2 complete',
    });
    assert.equal(outcome.phase, 'Succeeded');
    assert.equal(f.status().phase, 'Succeeded');
    assert.deepEqual(f.condition('Progressing'), {
      status: 'False',
      reason: 'RunSucceeded',
      message: 'all 2 rounds complete',
    });
  });
});
