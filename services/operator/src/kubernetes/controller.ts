// The control loop: supervised informers on BasilRings and on the ring pods and StatefulSets
// turn every change into the key of the ring it concerns; a work queue reconciles each key,
// again after the delay reconcile asks for, and after a failure with backoff. Informers only
// say *which* ring to look at: reconcile reads the current state from the API server itself.
import type { KubeConfig, KubernetesObject } from '@kubernetes/client-node';
import type { Logger } from 'pino';
import type { KubeApi } from './api.js';
import { SupervisedInformer, type InformerOptions } from './informer.js';
import { WorkQueue } from './queue.js';
import type { RingReconciler } from './reconcile.js';
import { LABELS, NODE_SELECTOR, parseRingKey, RING_RESOURCE, ringKey } from './ring.js';
import { backoffDelay, systemTimers, type Backoff, type Timers } from './timers.js';

/** Dependencies and settings of the controller. */
export interface RingControllerOptions {
  readonly kubeConfig: KubeConfig;
  readonly api: KubeApi;
  /** Namespace served; empty for every namespace. */
  readonly namespace: string;
  readonly reconciler: RingReconciler;
  readonly logger: Logger;
  readonly timers?: Timers;
  readonly concurrency?: number;
  /** Backoff of a ring whose reconcile keeps failing. */
  readonly errorBackoff?: Backoff;
  readonly informers?: Pick<InformerOptions<KubernetesObject>, 'backoff' | 'silenceMs'>;
}

const DEFAULT_ERROR_BACKOFF: Backoff = { initialMs: 500, maxMs: 5 * 60_000 };

/** Path of a resource list, in one namespace or across all of them. */
function listPath(prefix: string, namespace: string, plural: string): string {
  return namespace === '' ? `${prefix}/${plural}` : `${prefix}/namespaces/${namespace}/${plural}`;
}

/** Watches rings and their pods, and reconciles each ring that changed. */
export class RingController {
  private readonly informers: SupervisedInformer<KubernetesObject>[];
  private readonly queue: WorkQueue;
  private readonly failures = new Map<string, number>();

  constructor(private readonly options: RingControllerOptions) {
    const { api, namespace } = options;
    const timers = options.timers ?? systemTimers;
    this.queue = new WorkQueue((key) => this.work(key), {
      concurrency: options.concurrency,
      timers,
    });
    const ringPrefix = `/apis/${RING_RESOURCE.group}/${RING_RESOURCE.version}`;
    const rings = this.informer('basilrings', listPath(ringPrefix, namespace, 'basilrings'), () =>
      api.listRings(namespace),
    );
    const pods = this.informer(
      'pods',
      listPath('/api/v1', namespace, 'pods'),
      () => api.listPods(namespace, NODE_SELECTOR),
      NODE_SELECTOR,
    );
    const sets = this.informer(
      'statefulsets',
      listPath('/apis/apps/v1', namespace, 'statefulsets'),
      () => api.listStatefulSets(namespace, NODE_SELECTOR),
      NODE_SELECTOR,
    );
    rings.onEvent((_, ring) => this.enqueue(ring, ring.metadata?.name));
    for (const owned of [pods, sets]) {
      owned.onEvent((_, object) => this.enqueue(object, object.metadata?.labels?.[LABELS.ring]));
    }
    this.informers = [rings, pods, sets];
  }

  /** True once every informer has listed at least once. */
  get synced(): boolean {
    return this.informers.every((informer) => informer.hasSynced);
  }

  /** Starts the informers; their first lists queue every existing ring. */
  start(): void {
    this.informers.forEach((informer) => informer.start());
  }

  /** Stops watching, waits for reconciles in flight, and closes every node channel. */
  async stop(): Promise<void> {
    await Promise.all(this.informers.map((informer) => informer.stop()));
    await this.queue.shutDown();
    this.options.reconciler.close();
  }

  private informer<T extends KubernetesObject>(
    name: string,
    path: string,
    list: InformerOptions<T>['list'],
    labelSelector?: string,
  ): SupervisedInformer<KubernetesObject> {
    const { kubeConfig, logger, timers, informers } = this.options;
    return new SupervisedInformer<KubernetesObject>({
      name,
      kubeConfig,
      path,
      list: list as InformerOptions<KubernetesObject>['list'],
      labelSelector,
      logger,
      timers,
      ...informers,
    });
  }

  private enqueue(object: KubernetesObject, ring: string | undefined): void {
    const namespace = object.metadata?.namespace;
    if (namespace === undefined || ring === undefined || ring === '') return;
    this.queue.add(ringKey(namespace, ring));
  }

  // Never rejects: a failed reconcile is logged, counted by the reconciler, and retried.
  private async work(key: string): Promise<void> {
    const { namespace, name } = parseRingKey(key);
    try {
      const outcome = await this.options.reconciler.reconcile(namespace, name);
      this.failures.delete(key);
      if (outcome.requeueAfterMs !== undefined) this.queue.addAfter(key, outcome.requeueAfterMs);
    } catch (error) {
      const failures = this.failures.get(key) ?? 0;
      this.failures.set(key, failures + 1);
      const delayMs = backoffDelay(this.options.errorBackoff ?? DEFAULT_ERROR_BACKOFF, failures);
      this.options.logger.warn({ ringId: key, err: error, delayMs }, 'reconcile failed');
      this.queue.addAfter(key, delayMs);
    }
  }
}
