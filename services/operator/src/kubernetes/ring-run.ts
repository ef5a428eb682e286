// One epoch of one ring as seen from the operator's side of NodeControl. Each pass asks every
// ready node what it holds, configures the ones that hold nothing (a new pod, or a restarted
// process) with the round to resume from, starts the ring once every position is configured,
// and takes in the turn reports. It decides from what the nodes answer, not from memory, so an
// operator that restarted mid-run adopts the running nodes instead of disturbing them.
import type { Logger } from 'pino';
import type { NodeState__Output, NodeStatus__Output } from '../../../protocol/src/messages.js';
import type { RingAssignment } from '../assignments.js';
import { ControlError, type ControlClient, type NodeEndpoint } from '../control-client.js';
import { nodeStateLabel, type NodeStateLabel } from '../metrics.js';
import { RingProgress } from './progress.js';

/** The NodeControl calls reconcile makes; `ControlClient` is the real one. */
export type NodeControl = Pick<ControlClient, 'configure' | 'start' | 'status' | 'close'>;

/** Makes the client of one node; tests point it at in-process servers. */
export type ControlFactory = (node: NodeEndpoint) => NodeControl;

/** A ring pod as a pass needs it. */
export interface PodView {
  readonly position: number;
  readonly name: string;
  readonly uid: string;
  readonly ready: boolean;
}

/** What one pass found. */
export type RunFacts =
  | { readonly kind: 'waiting'; readonly ready: number }
  | { readonly kind: 'configuring'; readonly configured: number }
  | {
      readonly kind: 'running';
      readonly reconfigured: readonly string[];
      readonly notReady: readonly string[];
    }
  | { readonly kind: 'finished' }
  | { readonly kind: 'failed'; readonly position: number; readonly error: string };

/** Settings of a run. */
export interface RingRunOptions {
  readonly ringId: string;
  readonly epoch: number;
  readonly assignments: readonly RingAssignment[];
  /** `addresses[position]` is where that position's NodeControl listens. */
  readonly addresses: readonly string[];
  readonly byzantinePositions: readonly number[];
  /** Basil+: the honest positions that score each global round's final aggregate. */
  readonly aggregateHolders?: readonly number[];
  readonly factory: ControlFactory;
  readonly logger: Logger;
}

// What the operator knows of a node after polling it; UNKNOWN when it could not be reached and
// UNASSIGNED when it answered without holding this ring's epoch.
type Known = NodeState__Output | 'UNKNOWN' | 'UNASSIGNED';

const HOLDING: readonly Known[] = [
  'NODE_STATE_CONFIGURED',
  'NODE_STATE_RUNNING',
  'NODE_STATE_FINISHED',
];

/** One epoch of one ring; see the file comment. */
export class RingRun {
  readonly progress: RingProgress;
  private readonly clients = new Map<number, NodeControl>();
  private readonly uids: (string | undefined)[];
  private readonly known: Known[];
  private readonly errors: string[];
  private ready: readonly boolean[] = [];
  private started = false;

  constructor(private readonly options: RingRunOptions) {
    const nodes = options.assignments.length;
    this.progress = new RingProgress(nodes, options.byzantinePositions, options.aggregateHolders);
    this.uids = Array.from({ length: nodes }, () => undefined);
    this.known = Array.from({ length: nodes }, () => 'UNKNOWN');
    this.errors = Array.from({ length: nodes }, () => '');
  }

  /** The epoch this run serves. */
  get epoch(): number {
    return this.options.epoch;
  }

  /** One pass over `pods` (one per position); `resumeRound` is the ring's current round. */
  async step(pods: readonly PodView[], resumeRound: number): Promise<RunFacts> {
    const ready = pods.filter((pod) => pod.ready);
    this.ready = pods.map((pod) => pod.ready);
    for (const pod of ready) {
      // A new pod under the same name is a new process: its reports start over.
      if (this.uids[pod.position] !== pod.uid) this.progress.resetNode(pod.position);
      this.uids[pod.position] = pod.uid;
    }
    await Promise.all(ready.map((pod) => this.poll(pod.position)));
    this.started ||= this.known.some(
      (k) => k === 'NODE_STATE_RUNNING' || k === 'NODE_STATE_FINISHED',
    );
    const nodes = this.options.assignments.length;
    if (!this.started && ready.length < nodes) return { kind: 'waiting', ready: ready.length };

    const failed = this.known.findIndex((k) => k === 'NODE_STATE_FAILED');
    if (failed >= 0) return { kind: 'failed', position: failed, error: this.errors[failed] ?? '' };

    const fresh = ready.filter((pod) => this.known[pod.position] === 'UNASSIGNED');
    // Once the ring runs, a node that holds nothing has lost its process and rejoins mid-run.
    const rejoined = this.started ? fresh : [];
    await Promise.all(fresh.map((pod) => this.configure(pod, this.started ? resumeRound : 0)));
    if (this.started) {
      await Promise.all(fresh.map((pod) => this.start(pod.position)));
    } else if (this.known.every((k) => HOLDING.includes(k))) {
      await this.startRing();
    } else {
      const configured = this.known.filter((k) => HOLDING.includes(k)).length;
      return { kind: 'configuring', configured };
    }

    if (this.known.every((k) => k === 'NODE_STATE_FINISHED')) return { kind: 'finished' };
    return {
      kind: 'running',
      reconfigured: rejoined.map((pod) => pod.name),
      notReady: pods.filter((pod) => !pod.ready).map((pod) => pod.name),
    };
  }

  /**
   * Each position's state as of the last pass, for `basil_operator_nodes`. A node that cannot be
   * reached, or whose pod is not ready, is `dead` once the ring runs (its turns time out) and
   * `starting` before; one that holds no assignment yet is `starting`.
   */
  nodeStates(): NodeStateLabel[] {
    return this.known.map((known, position): NodeStateLabel => {
      if (known === 'UNKNOWN' || this.ready[position] !== true) {
        return this.started ? 'dead' : 'starting';
      }
      return known === 'UNASSIGNED' ? 'starting' : nodeStateLabel(known);
    });
  }

  /** Closes every channel to the nodes. */
  close(): void {
    this.clients.forEach((client) => client.close());
    this.clients.clear();
  }

  private client(position: number): NodeControl {
    let client = this.clients.get(position);
    if (client === undefined) {
      const address = this.options.addresses[position] as string;
      client = this.options.factory({ position, address });
      this.clients.set(position, client);
    }
    return client;
  }

  private async poll(position: number): Promise<void> {
    let status: NodeStatus__Output;
    try {
      status = await this.client(position).status(this.progress.cursor(position));
    } catch (error) {
      if (!(error instanceof ControlError)) throw error;
      // A node that cannot be reached this pass is asked again on the next one.
      this.options.logger.warn({ position, err: error }, 'node status unavailable');
      this.known[position] = 'UNKNOWN';
      return;
    }
    const { ringId, epoch } = this.options;
    const holds = status.ringId === ringId && status.epoch === epoch;
    if (holds) this.progress.apply(position, status);
    this.known[position] = holds ? status.state : 'UNASSIGNED';
    this.errors[position] = status.error;
  }

  private async configure(pod: PodView, resumeRound: number): Promise<void> {
    const assignment = this.options.assignments[pod.position] as RingAssignment;
    const state = await this.client(pod.position).configure({ ...assignment, resumeRound });
    this.progress.resetNode(pod.position);
    this.known[pod.position] = state;
    const { ringId, epoch } = this.options;
    this.options.logger.info(
      { ringId, epoch, position: pod.position, pod: pod.name, round: resumeRound },
      'node configured',
    );
  }

  private async start(position: number): Promise<void> {
    if (this.known[position] !== 'NODE_STATE_CONFIGURED') return;
    this.known[position] = await this.client(position).start(this.options.ringId, this.epoch);
  }

  private async startRing(): Promise<void> {
    const positions = this.known.map((_, position) => position);
    // Position 0 takes the first turn the moment it starts, so it starts last.
    await Promise.all(positions.slice(1).map((position) => this.start(position)));
    await this.start(0);
    this.started = true;
    this.options.logger.info({ ringId: this.options.ringId, epoch: this.epoch }, 'ring started');
  }
}
