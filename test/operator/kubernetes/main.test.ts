import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { OperatorConfig } from '../../../services/operator/src/kubernetes/config.js';
import { runOperator } from '../../../services/operator/src/kubernetes/main.js';
import type { RingStatus } from '../../../services/operator/src/kubernetes/ring.js';
import { FakeApiServer } from './fake-apiserver.js';
import type { WatchEvent } from './fake-store.js';
import { FakeNodes } from './fake-nodes.js';
import {
  kubeConfigFor,
  NODE_DEFAULTS,
  quietLogger,
  Recorder,
  resource,
  ringObject,
  runPods,
} from './helpers.js';

const CONFIG: OperatorConfig = {
  namespace: '',
  logLevel: 'silent',
  port: 0,
  node: NODE_DEFAULTS,
  lease: {
    enabled: true,
    name: 'basil-operator',
    namespace: 'basil-system',
    identity: 'operator-under-test',
    durationMs: 15_000,
    renewDeadlineMs: 10_000,
    retryPeriodMs: 2_000,
  },
};

const phaseOf = (event: WatchEvent) => (event.object.status as RingStatus | undefined)?.phase;

describe('basil operator in a cluster', { timeout: 15_000 }, () => {
  let server: FakeApiServer;
  let nodes: FakeNodes;
  let events: Recorder<WatchEvent>;
  let address: string;
  const stop = new AbortController();
  let running: Promise<void>;

  before(async () => {
    server = await FakeApiServer.start();
    nodes = await FakeNodes.start(3);
    events = new Recorder();
    server.store.subscribe(events.push);
    const listening = new Promise<string>((resolve) => {
      running = runOperator({
        config: CONFIG,
        kubeConfig: kubeConfigFor(server),
        logger: quietLogger,
        signal: stop.signal,
        controlFactory: nodes.factory(),
        host: '127.0.0.1',
        onListening: resolve,
      });
    });
    address = await listening;
  });

  after(async () => {
    stop.abort();
    await running;
    nodes.close();
    await server.close();
  });

  const ringReaches = (phase: string) =>
    events.next((e) => e.plural === 'basilrings' && phaseOf(e) === phase);

  const get = async (path: string) => {
    const response = await fetch(`http://${address}${path}`);
    return { status: response.status, body: await response.text() };
  };

  it('takes the Lease and reconciles a new ring into its objects', async () => {
    server.store.create(resource('basilrings'), ringObject('alpha', { nodes: 3, rounds: 1 }));

    await ringReaches('Pending');

    const lease = server.store.get('leases', 'basil-system', 'basil-operator');
    assert.equal((lease?.spec as { holderIdentity: string }).holderIdentity, 'operator-under-test');
    assert.ok(server.store.get('services', 'rings', 'alpha'));
    assert.ok(server.store.get('statefulsets', 'rings', 'alpha'));
  });

  it('starts the ring when its pods are ready, and records success', async () => {
    runPods(server, server.store.get('statefulsets', 'rings', 'alpha') as never);
    await ringReaches('Running');

    nodes.nodes.forEach((node) => {
      node.takeTurn(1, 0.75);
      node.state = 'NODE_STATE_FINISHED';
    });
    const ring = server.store.get('basilrings', 'rings', 'alpha');
    assert.ok(ring);
    ring.metadata.annotations = { nudge: 'look again' };
    server.store.replace(resource('basilrings'), ring);
    const done = await ringReaches('Succeeded');

    assert.deepEqual(
      nodes.nodes.map((node) => node.starts),
      [['rings/alpha@1'], ['rings/alpha@1'], ['rings/alpha@1']],
    );
    assert.equal((done.object.status as RingStatus).honestAccuracyMean, 0.75);
  });

  it('serves health, readiness and its reconcile counter', async () => {
    const health = await get('/healthz');
    const ready = await get('/readyz');
    const metrics = await get('/metrics');

    assert.deepEqual(health, { status: 200, body: 'ok\n' });
    assert.deepEqual(ready, { status: 200, body: 'ok\n' });
    assert.equal(metrics.status, 200);
    assert.match(metrics.body, /basil_operator_reconcile_total\{result="success"\} [1-9]/);
    assert.equal((await get('/nothing')).status, 404);
  });

  it('releases the Lease when stopped', async () => {
    stop.abort();
    await running;

    const lease = server.store.get('leases', 'basil-system', 'basil-operator');
    assert.equal((lease?.spec as { holderIdentity: string }).holderIdentity, '');
  });
});
