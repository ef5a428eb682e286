import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { NS, ReconcileFixture, SPEC } from './reconcile-fixture.js';
import { resource, ringObject } from './helpers.js';

describe('ring reconcile in trouble', { timeout: 15_000 }, () => {
  let f: ReconcileFixture;

  beforeEach(async () => {
    f = await ReconcileFixture.start();
  });

  afterEach(() => f.close());

  it('retries a status write that meets a 409 Conflict, after re-reading the ring', async () => {
    f.server.store.create(resource('basilrings'), ringObject('alpha', SPEC, NS));
    f.server.beforeNextWrite('basilrings/status', () => {
      const ring = f.server.store.get('basilrings', NS, 'alpha');
      assert.ok(ring);
      ring.metadata.annotations = { owner: 'someone else' };
      f.server.store.replace(resource('basilrings'), ring);
    });

    await f.reconcile();

    assert.equal(f.server.writes('basilrings/status'), 2);
    assert.equal(f.status().phase, 'Pending');
    assert.deepEqual(f.server.store.get('basilrings', NS, 'alpha')?.metadata.annotations, {
      owner: 'someone else',
    });
    assert.deepEqual(await f.reconcileTotal(), ['success=1']);
  });

  it('gives up after five conflicts in a row and counts the error', async () => {
    f.server.store.create(resource('basilrings'), ringObject('alpha', SPEC, NS));
    f.server.inject('PUT', 'basilrings/status', 409, 5);

    await assert.rejects(f.reconcile(), { name: 'ConflictError' });

    assert.equal(f.server.writes('basilrings/status'), 5);
    assert.deepEqual(await f.reconcileTotal(), ['error=1']);
  });

  it('re-configures a pod deleted and recreated under the same name', async () => {
    await f.runningRing();
    f.nodes.nodes.forEach((node) => node.takeTurn(1, 0.5));
    await f.reconcile();
    const oldUid = f.server.store.get('pods', NS, 'alpha-1')?.metadata.uid;

    f.server.store.delete('pods', NS, 'alpha-1');
    f.nodes.nodes[1]?.restart();
    await f.reconcile();
    const whileMissing = { phase: f.status().phase, degraded: f.condition('Degraded') };
    f.startPods();
    await f.reconcile();

    assert.notEqual(f.server.store.get('pods', NS, 'alpha-1')?.metadata.uid, oldUid);
    assert.deepEqual(whileMissing, {
      phase: 'Running',
      degraded: {
        status: 'True',
        reason: 'PodNotReady',
        message: 'pods not ready, their turns time out: alpha-1',
      },
    });
    const node = f.nodes.nodes[1];
    assert.equal(node?.configures.length, 2);
    assert.equal(node?.configures[1]?.resumeRound, 1);
    assert.deepEqual({ ...node?.configures[1], resumeRound: 0 }, node?.configures[0]);
    assert.deepEqual(node?.starts, ['rings/alpha@1', 'rings/alpha@1']);
    assert.deepEqual(
      f.nodes.nodes.map((n) => n.configures.length),
      [1, 2, 1],
    );
    assert.deepEqual(f.condition('Degraded'), {
      status: 'True',
      reason: 'NodeRestarted',
      message: 'pods restarted and were re-configured to resume after round 1: alpha-1',
    });

    await f.reconcile();
    assert.deepEqual(f.condition('Degraded'), {
      status: 'False',
      reason: 'AsExpected',
      message: '',
    });
  });

  const invalid: { name: string; ring: string; spec: unknown; reason: string; message: string }[] =
    [
      {
        name: 'a Byzantine count as large as the ring',
        ring: 'alpha',
        spec: { nodes: 3, byzantine: { count: 3 } },
        reason: 'InvalidSpec',
        message: 'spec.byzantine.count: must be below nodes (3), got 3',
      },
      {
        name: 'an unknown field',
        ring: 'alpha',
        spec: { nodes: 3, colour: 'red' },
        reason: 'InvalidSpec',
        message: 'spec: unknown field "colour"',
      },
      {
        name: 'a ring of one node',
        ring: 'alpha',
        spec: { nodes: 1 },
        reason: 'InvalidSpec',
        message: 'spec.nodes: Too small: expected number to be >=2 (got 1)',
      },
      {
        name: 'a name that cannot name a Service',
        ring: '9lives',
        spec: SPEC,
        reason: 'InvalidName',
        message:
          'metadata.name: "9lives" must start with a letter, hold only lower-case letters, ' +
          'digits and "-", end with a letter or digit, and be at most 52 characters',
      },
    ];

  for (const { name, ring, spec, reason, message } of invalid) {
    it(`fails a ring with ${name}, naming the field, and creates nothing`, async () => {
      f.server.store.create(resource('basilrings'), ringObject(ring, spec as never, NS));

      const outcome = await f.reconcile(ring);
      await f.reconcile(ring);

      assert.equal(outcome.phase, 'Failed');
      assert.equal(f.status(ring).phase, 'Failed');
      assert.equal(f.status(ring).observedGeneration, 1);
      assert.deepEqual(f.condition('Degraded', ring), { status: 'True', reason, message });
      assert.deepEqual(f.server.allWrites(), { 'basilrings/status': 1 });
    });
  }

  it('re-plans with a new epoch when the spec changes', async () => {
    await f.runningRing();
    const ring = f.server.store.get('basilrings', NS, 'alpha');
    assert.ok(ring);
    f.server.store.replace(resource('basilrings'), { ...ring, spec: { ...SPEC, rounds: 4 } });

    await f.reconcile();

    assert.deepEqual(
      { epoch: f.status().epoch, observedGeneration: f.status().observedGeneration },
      { epoch: 2, observedGeneration: 2 },
    );
    for (const node of f.nodes.nodes) {
      assert.deepEqual(
        node.configures.map((c) => c.epoch),
        [1, 2],
      );
      assert.deepEqual(node.starts, ['rings/alpha@1', 'rings/alpha@2']);
    }
    assert.equal(f.status().phase, 'Running');
  });

  it('adopts the running nodes after an operator restart, writing nothing', async () => {
    await f.runningRing();
    f.nodes.nodes.forEach((node) => node.takeTurn(1, 0.5));
    await f.reconcile();
    f.reconciler.close();
    const writes = f.server.allWrites();

    f.reconciler = f.newReconciler();
    await f.reconcile();

    assert.deepEqual(f.server.allWrites(), writes);
    assert.deepEqual(
      f.nodes.nodes.map((n) => n.configures.length),
      [1, 1, 1],
    );
    assert.equal(f.status().round, 1);
  });
});
