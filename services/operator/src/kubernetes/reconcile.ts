// Level-triggered reconcile of one BasilRing: read the ring and what it owns, make the cluster
// match (Service, StatefulSet), drive the nodes one pass further (ring-run.ts), write the status
// and set the ring's metrics from the same facts. Running it again on an unchanged world writes
// nothing: objects are updated only when a wanted field differs, and the status only when it
// would change.
import type { Logger } from 'pino';
import { aggregationPlaces } from '../../../core/src/basil/plus.js';
import { planAssignments } from '../assignments.js';
import { ControlClient } from '../control-client.js';
import type { OperatorMetrics } from '../metrics.js';
import { ConflictError, type KubeApi } from './api.js';
import { desiredRing, isRunnable, type Desired } from './desired.js';
import { holdsFields, overlay } from './diff.js';
import { buildService, buildStatefulSet, type NodeDefaults } from './objects.js';
import { LABELS, nodeAddress, podName, ringKey, type BasilRing, type RingPhase } from './ring.js';
import { RingMetrics } from './ring-metrics.js';
import { RingRun, type ControlFactory, type PodView } from './ring-run.js';
import { statusFacts } from './run-status.js';
import { nextStatus, sameStatus, type StatusFacts } from './status.js';

/** Dependencies and settings of the reconciler. */
export interface ReconcilerOptions {
  readonly api: KubeApi;
  readonly nodeDefaults: NodeDefaults;
  readonly logger: Logger;
  /** Makes NodeControl clients; real gRPC clients unless replaced. */
  readonly controlFactory?: ControlFactory;
  readonly metrics?: OperatorMetrics;
  readonly now?: () => Date;
  /** Pause between passes while a ring runs. */
  readonly pollIntervalMs?: number;
  /** Pause before looking again at a ring that waits for its pods. */
  readonly resyncMs?: number;
}

/** What the caller should do next with the ring. */
export interface ReconcileOutcome {
  readonly phase?: RingPhase;
  /** Reconcile again after this long; undefined waits for the next change. */
  readonly requeueAfterMs?: number;
}

/** Status writes that keep meeting a newer ring give up after this many tries. */
const STATUS_ATTEMPTS = 5;

const ACTIVE: readonly RingPhase[] = ['Configuring', 'Running'];

const isDone = (phase: RingPhase | undefined): boolean =>
  phase === 'Succeeded' || phase === 'Failed';

/** Reconciles BasilRings; keeps one RingRun per ring in memory. */
export class RingReconciler {
  private readonly runs = new Map<string, RingRun>();
  private readonly ringMetrics: RingMetrics;
  private readonly factory: ControlFactory;
  private readonly now: () => Date;

  constructor(private readonly options: ReconcilerOptions) {
    this.factory = options.controlFactory ?? ((node) => new ControlClient(node));
    this.now = options.now ?? (() => new Date());
    this.ringMetrics = new RingMetrics(options.metrics);
  }

  /** Brings one ring a step closer to its spec; counted in `basil_operator_reconcile_total`. */
  async reconcile(namespace: string, name: string): Promise<ReconcileOutcome> {
    try {
      const outcome = await this.reconcileOnce(namespace, name);
      this.options.metrics?.reconciles.inc({ result: 'success' });
      return outcome;
    } catch (error) {
      this.options.metrics?.reconciles.inc({ result: 'error' });
      throw error;
    }
  }

  /** Drops what is kept for a ring that is gone or done. */
  forget(key: string): void {
    this.runs.get(key)?.close();
    this.runs.delete(key);
  }

  /** Closes every channel to every node. */
  close(): void {
    [...this.runs.keys()].forEach((key) => this.forget(key));
  }

  private async reconcileOnce(namespace: string, name: string): Promise<ReconcileOutcome> {
    const key = ringKey(namespace, name);
    const ring = await this.options.api.getRing({ namespace, name });
    if (ring === undefined) {
      this.forget(key);
      this.ringMetrics.remove({ namespace, ring: name });
      return {};
    }
    const generation = ring.metadata?.generation ?? 0;
    const held = ring.status;
    const current = held?.observedGeneration === generation && held.epoch !== undefined;
    // A finished run stays finished until its spec changes.
    if (current && isDone(held.phase)) {
      this.forget(key);
      this.ringMetrics.restore({ namespace, ring: name }, held);
      return { phase: held.phase };
    }
    const epoch = current ? (held.epoch ?? 0) : (held?.epoch ?? 0) + 1;

    const desired = desiredRing(ring);
    if (!isRunnable(desired)) {
      await this.writeStatus(ring, { ...desired, generation, epoch: held?.epoch ?? 0 });
      return { phase: 'Failed' };
    }
    await this.ensureService(ring);
    await this.ensureStatefulSet(ring, desired);

    const run = this.runFor(ring, desired, epoch);
    const pods = await this.pods(namespace, name, desired.spec.nodes);
    const heldRound = current ? (held.round ?? 0) : 0;
    const facts = await run.step(pods, Math.max(run.progress.round(), heldRound));
    const pass = { facts, progress: run.progress, desired, heldRound, generation, epoch };
    const written = statusFacts(ring, pass);
    const phase = (await this.writeStatus(ring, written)).phase ?? 'Pending';
    this.ringMetrics.record({ namespace, ring: name }, run, written);
    if (isDone(phase)) this.forget(key);
    const { pollIntervalMs = 5_000, resyncMs = 30_000 } = this.options;
    return { phase, requeueAfterMs: ACTIVE.includes(phase) ? pollIntervalMs : resyncMs };
  }

  private async ensureService(ring: BasilRing): Promise<void> {
    const { api } = this.options;
    const wanted = buildService(ring);
    const found = await api.getService(placeOf(ring));
    if (found === undefined) await api.createService(wanted);
    else if (!holdsFields(found, wanted)) await api.replaceService(overlay(found, wanted));
  }

  private async ensureStatefulSet(ring: BasilRing, desired: Desired): Promise<void> {
    const { api, nodeDefaults } = this.options;
    const wanted = buildStatefulSet(ring, desired.spec.nodes, desired.pod, nodeDefaults);
    const found = await api.getStatefulSet(placeOf(ring));
    if (found === undefined) await api.createStatefulSet(wanted);
    // TODO(operator): a change to an immutable field (selector, serviceName) needs the set
    // deleted and created again; both derive from the ring's name, so neither changes today.
    else if (!holdsFields(found, wanted)) await api.replaceStatefulSet(overlay(found, wanted));
  }

  private runFor(ring: BasilRing, desired: Desired, epoch: number): RingRun {
    const { namespace, name } = placeOf(ring);
    const key = ringKey(namespace, name);
    const existing = this.runs.get(key);
    if (existing?.epoch === epoch) return existing;
    existing?.close();
    const { spec, plan } = desired;
    const addresses = plan.order.map((_, position) => nodeAddress(name, namespace, position));
    const run = new RingRun({
      ringId: key,
      epoch,
      assignments: planAssignments({ spec, plan, addresses, ringId: key, epoch }),
      addresses,
      byzantinePositions: plan.byzantinePositions,
      aggregateHolders: aggregationPlaces(spec, plan.byzantinePositions).holders,
      factory: this.factory,
      logger: this.options.logger.child({ ringId: key }),
    });
    this.runs.set(key, run);
    return run;
  }

  private async pods(namespace: string, name: string, nodes: number): Promise<PodView[]> {
    const list = await this.options.api.listPods(namespace, `${LABELS.ring}=${name}`);
    const byName = new Map(list.items.map((pod) => [pod.metadata?.name ?? '', pod]));
    return Array.from({ length: nodes }, (_, position) => {
      const pod = byName.get(podName(name, position));
      const ready =
        pod !== undefined &&
        pod.metadata?.deletionTimestamp === undefined &&
        pod.status?.phase === 'Running' &&
        (pod.status.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
      return { position, name: podName(name, position), uid: pod?.metadata?.uid ?? '', ready };
    });
  }

  /** Writes the status when it would change; re-reads the ring and tries again on a conflict. */
  private async writeStatus(ring: BasilRing, facts: StatusFacts) {
    let latest = ring;
    for (let attempt = 1; ; attempt++) {
      const status = nextStatus(latest.status, facts, this.now());
      if (sameStatus(latest.status, status)) return status;
      try {
        await this.options.api.replaceRingStatus({ ...latest, status });
        return status;
      } catch (error) {
        if (!(error instanceof ConflictError) || attempt >= STATUS_ATTEMPTS) throw error;
        this.options.logger.debug({ ringId: ringKey(...placeArgs(latest)), attempt }, 'conflict');
        const reread = await this.options.api.getRing(placeOf(latest));
        if (reread === undefined) return status;
        latest = reread;
      }
    }
  }
}

function placeOf(ring: BasilRing): { namespace: string; name: string } {
  return { namespace: ring.metadata?.namespace ?? '', name: ring.metadata?.name ?? '' };
}

function placeArgs(ring: BasilRing): [string, string] {
  const { namespace, name } = placeOf(ring);
  return [namespace, name];
}
