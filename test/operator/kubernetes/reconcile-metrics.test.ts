import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { OperatorMetrics } from '../../../services/operator/src/metrics.js';
import { resource } from './helpers.js';
import { NS, ReconcileFixture, SPEC } from './reconcile-fixture.js';

const ROUND = 'basil_operator_ring_round';
const ACCURACY = 'basil_operator_honest_accuracy_ratio';
const BYZANTINE = 'basil_operator_byzantine_selection_ratio';
const NODES = 'basil_operator_nodes';
const TURNS = 'basil_operator_turns_total';

/** Node counts of every state, for a ring whose nodes are all in `state`. */
const allIn = (state: string): string[] =>
  ['configured', 'dead', 'failed', 'finished', 'running', 'starting', 'stopped'].map(
    (s) => `${s}=${s === state ? 3 : 0}`,
  );

describe('ring metrics of the Kubernetes driver', { timeout: 15_000 }, () => {
  let f: ReconcileFixture;

  beforeEach(async () => {
    f = await ReconcileFixture.start();
  });

  afterEach(() => f.close());

  it('shows the round and honest accuracy that the status states, after following', async () => {
    await f.runningRing();
    [0.5, 0.75, 1].forEach((accuracy, i) => f.nodes.nodes[i]?.takeTurn(1, accuracy));
    f.nodes.nodes[0]?.takeTurn(2, 0.9);

    await f.reconcile();

    assert.equal(f.status().round, 1);
    assert.deepEqual(await f.ringSeries(ROUND), ['1']);
    assert.deepEqual(await f.ringSeries(ACCURACY), ['mean=0.75', 'min=0.5']);
    assert.deepEqual(await f.ringSeries(BYZANTINE), ['0']);
    assert.deepEqual(await f.ringSeries(NODES), allIn('running'));
    assert.deepEqual(await f.ringSeries(TURNS), ['skipped=0', 'taken=4', 'timed_out=0']);
  });

  it('counts the nodes waiting for their pods as starting, before any round', async () => {
    f.createRing();

    await f.reconcile();

    assert.deepEqual(await f.ringSeries(ROUND), ['0']);
    assert.deepEqual(await f.ringSeries(ACCURACY), []);
    assert.deepEqual(await f.ringSeries(NODES), allIn('starting'));
  });

  it('reports the share of honest selections won by the Byzantine position', async () => {
    const byzantine = { count: 1, placement: 'explicit', positions: [2] };
    f.createRing({ ...SPEC, byzantine });
    await f.reconcile();
    f.startPods();
    await f.reconcile();
    const [honest0, honest1, liar] = f.nodes.nodes;
    honest0?.takeTurn(1, 0.6, { selectedSender: 2 });
    honest1?.takeTurn(1, 0.8, { selectedSender: 0 });
    liar?.takeTurn(1, 0.1, { selectedSender: 1 });

    await f.reconcile();

    assert.deepEqual(await f.ringSeries(BYZANTINE), ['0.5']);
    assert.deepEqual(await f.ringSeries(ACCURACY), ['mean=0.7', 'min=0.6']);
  });

  it('counts a restarted pod as dead, then its missed turn as skipped', async () => {
    f.createRing({ ...SPEC, rounds: 4 });
    await f.reconcile();
    f.startPods();
    await f.reconcile();
    f.nodes.nodes.forEach((node) => node.takeTurn(1, 0.5));
    await f.reconcile();

    f.server.store.delete('pods', NS, 'alpha-1');
    f.nodes.nodes[1]?.restart();
    f.nodes.nodes[0]?.takeTurn(2, 0.6);
    f.nodes.nodes[2]?.takeTurn(2, 0.6, { timedOut: true });
    await f.reconcile();
    const whileMissing = await f.ringSeries(NODES);
    f.startPods();
    await f.reconcile();
    f.nodes.nodes.forEach((node) => node.takeTurn(3, 0.7));
    await f.reconcile();

    assert.ok(whileMissing.includes('dead=1') && whileMissing.includes('running=2'));
    assert.equal(f.nodes.nodes[1]?.configures[1]?.resumeRound, 1);
    assert.deepEqual(await f.ringSeries(ROUND), ['3']);
    assert.deepEqual(await f.ringSeries(TURNS), ['skipped=1', 'taken=7', 'timed_out=1']);
  });

  it('keeps the last values of a finished ring, and removes them when it is deleted', async () => {
    await f.runningRing();
    f.nodes.nodes.forEach((node) => [1, 2].forEach((round) => node.takeTurn(round, 0.8)));
    f.nodes.nodes.forEach((node) => (node.state = 'NODE_STATE_FINISHED'));
    await f.reconcile();
    await f.reconcile();
    const finished = {
      phase: f.status().phase,
      round: await f.ringSeries(ROUND),
      nodes: await f.ringSeries(NODES),
    };

    f.server.store.delete('basilrings', NS, 'alpha');
    await f.reconcile();

    assert.deepEqual(finished, { phase: 'Succeeded', round: ['2'], nodes: allIn('finished') });
    for (const name of [ROUND, ACCURACY, BYZANTINE, NODES, TURNS]) {
      assert.deepEqual(await f.ringSeries(name), [], name);
    }
  });

  it('restores round and accuracy of a finished ring after an operator restart', async () => {
    await f.runningRing();
    f.nodes.nodes.forEach((node) => [1, 2].forEach((round) => node.takeTurn(round, 0.9)));
    f.nodes.nodes.forEach((node) => (node.state = 'NODE_STATE_FINISHED'));
    await f.reconcile();
    f.reconciler.close();
    const fresh = new OperatorMetrics();

    f.reconciler = f.newReconciler(fresh);
    await f.reconcile();

    assert.equal(f.status().phase, 'Succeeded');
    assert.deepEqual(await f.ringSeries(ROUND, 'alpha', fresh), ['2']);
    assert.deepEqual(await f.ringSeries(ACCURACY, 'alpha', fresh), ['mean=0.9', 'min=0.9']);
  });

  it('keeps two rings of a namespace apart', async () => {
    await f.runningRing();
    f.nodes.nodes.forEach((node) => node.takeTurn(1, 0.5));
    await f.reconcile();
    f.server.store.create(resource('basilrings'), {
      metadata: { name: 'beta', namespace: NS },
      spec: SPEC,
    });

    await f.reconcile('beta');

    assert.deepEqual(await f.ringSeries(ROUND, 'alpha'), ['1']);
    assert.deepEqual(await f.ringSeries(ROUND, 'beta'), ['0']);
    assert.deepEqual(await f.ringSeries(NODES, 'beta'), allIn('starting'));
  });
});
