// A ring reconciler wired to a stand-in API server and three stand-in nodes, with the reads
// and steps the reconcile tests share.
import assert from 'node:assert/strict';
import { KubeApi } from '../../../services/operator/src/kubernetes/api.js';
import { RingReconciler } from '../../../services/operator/src/kubernetes/reconcile.js';
import type { RingStatus } from '../../../services/operator/src/kubernetes/ring.js';
import { OperatorMetrics } from '../../../services/operator/src/metrics.js';
import { FakeApiServer } from './fake-apiserver.js';
import { FakeNodes } from './fake-nodes.js';
import {
  kubeConfigFor,
  NODE_DEFAULTS,
  quietLogger,
  resource,
  ringObject,
  runPods,
} from './helpers.js';

/** Namespace of every ring in these tests. */
export const NS = 'rings';

/** A valid three-node ring of two rounds. */
export const SPEC = { nodes: 3, rounds: 2, seed: 7 };

const NOW = new Date('2030-01-02T03:04:05.000Z');

/** See the file comment. */
export class ReconcileFixture {
  readonly metrics = new OperatorMetrics();
  reconciler: RingReconciler;

  private constructor(
    readonly server: FakeApiServer,
    readonly nodes: FakeNodes,
  ) {
    this.reconciler = this.newReconciler();
  }

  static async start(): Promise<ReconcileFixture> {
    return new ReconcileFixture(await FakeApiServer.start(), await FakeNodes.start(3));
  }

  /** A reconciler with nothing in memory, as after an operator restart. */
  newReconciler(metrics = this.metrics): RingReconciler {
    return new RingReconciler({
      api: new KubeApi(kubeConfigFor(this.server)),
      nodeDefaults: NODE_DEFAULTS,
      logger: quietLogger,
      controlFactory: this.nodes.factory(),
      metrics,
      now: () => NOW,
    });
  }

  createRing(spec: Record<string, unknown> = SPEC, name = 'alpha'): void {
    this.server.store.create(resource('basilrings'), ringObject(name, spec, NS));
  }

  reconcile(name = 'alpha') {
    return this.reconciler.reconcile(NS, name);
  }

  status(name = 'alpha'): RingStatus {
    return (this.server.store.get('basilrings', NS, name)?.status ?? {}) as RingStatus;
  }

  /** Status, reason and message of one condition. */
  condition(type: string, name = 'alpha') {
    const found = this.status(name).conditions?.find((c) => c.type === type);
    assert.ok(found, `condition ${type}`);
    return { status: found.status, reason: found.reason, message: found.message };
  }

  /** What the StatefulSet controller and kubelet would do: every pod Running and Ready. */
  startPods(): void {
    runPods(this.server, this.server.store.get('statefulsets', NS, 'alpha') as never);
  }

  /** Creates the ring, reconciles, starts its pods and reconciles again. */
  async runningRing(): Promise<void> {
    this.createRing();
    await this.reconcile();
    this.startPods();
    await this.reconcile();
  }

  /** `basil_operator_reconcile_total` as `result=count` strings. */
  async reconcileTotal(): Promise<string[] | undefined> {
    const metric = this.metrics.registry.getSingleMetric('basil_operator_reconcile_total');
    const values = (await metric?.get())?.values;
    return values?.map(({ labels, value }) => `${labels.result}=${value}`);
  }

  /**
   * Series of `name` for one ring, as `label=value` strings sorted by their other label (`stat`,
   * `state`, `outcome`), or as the bare value for a metric without one.
   */
  async ringSeries(name: string, ring = 'alpha', metrics = this.metrics): Promise<string[]> {
    const values = (await metrics.registry.getSingleMetric(name)?.get())?.values ?? [];
    return values
      .filter(({ labels }) => labels.namespace === NS && labels.ring === ring)
      .map(({ labels, value }) => {
        const other = Object.entries(labels).find(([key]) => key !== 'namespace' && key !== 'ring');
        return other === undefined ? `${value}` : `${String(other[1])}=${value}`;
      })
      .sort();
  }

  async close(): Promise<void> {
    this.reconciler.close();
    this.nodes.close();
    await this.server.close();
  }
}
