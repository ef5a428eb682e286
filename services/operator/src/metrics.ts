// The operator's own metrics, on one registry per operator instance, and the HTTP endpoint that
// serves them. Ring-level series carry the `namespace` and `ring` of their ring, so one operator
// serving many rings keeps them apart; every other label takes values from a fixed set.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Counter, Gauge, Registry } from 'prom-client';
import type { RoundResult } from '../../core/src/index.js';

/** States a node can be counted in by `basil_operator_nodes`. */
export const NODE_STATES = [
  'starting',
  'configured',
  'running',
  'finished',
  'failed',
  'stopped',
  'dead',
] as const;

/** One of `NODE_STATES`. */
export type NodeStateLabel = (typeof NODE_STATES)[number];

/** Outcomes a turn is counted under. */
export const TURN_OUTCOMES = ['taken', 'timed_out', 'skipped'] as const;

/** One of `TURN_OUTCOMES`. */
export type TurnOutcomeLabel = (typeof TURN_OUTCOMES)[number];

/** Turn counts by outcome. */
export type TurnCounts = Readonly<Record<TurnOutcomeLabel, number>>;

/** `namespace` label of a ring run by the local driver. */
export const LOCAL_NAMESPACE = 'local';

/** Which ring a series belongs to: its BasilRing's namespace and name, or `local` and its id. */
export interface RingLabels {
  readonly namespace: string;
  readonly ring: string;
}

/** Figures of the ring's last complete round; each one is left as it was when absent. */
export interface RoundFigures {
  readonly round: number;
  readonly honestAccuracy?: { readonly mean: number; readonly min: number };
  readonly byzantineSelectionRatio?: number;
}

const STATS = ['mean', 'min'] as const;

/** The operator's metrics on their own registry. */
export class OperatorMetrics {
  /** Holds only the operator's metrics, so tests and several drivers never collide. */
  readonly registry = new Registry();

  private readonly round = new Gauge({
    name: 'basil_operator_ring_round',
    help: 'Last round every live node of the ring has reported',
    labelNames: ['namespace', 'ring'] as const,
    registers: [this.registry],
  });

  private readonly honestAccuracy = new Gauge({
    name: 'basil_operator_honest_accuracy_ratio',
    help: 'Test accuracy of the honest nodes in the last round, mean or min over nodes',
    labelNames: ['namespace', 'ring', 'stat'] as const,
    registers: [this.registry],
  });

  private readonly byzantineSelection = new Gauge({
    name: 'basil_operator_byzantine_selection_ratio',
    help: 'Share of honest selections in the last round won by a Byzantine sender',
    labelNames: ['namespace', 'ring'] as const,
    registers: [this.registry],
  });

  private readonly aggregateAccuracy = new Gauge({
    name: 'basil_operator_aggregate_accuracy_ratio',
    help: 'Basil+ only: test accuracy of the latest global round final cross-group aggregate',
    labelNames: ['namespace', 'ring'] as const,
    registers: [this.registry],
  });

  private readonly nodes = new Gauge({
    name: 'basil_operator_nodes',
    help: 'Nodes of the ring, by state',
    labelNames: ['namespace', 'ring', 'state'] as const,
    registers: [this.registry],
  });

  private readonly turns = new Counter({
    name: 'basil_operator_turns_total',
    help: 'Turns of the ring, by outcome',
    labelNames: ['namespace', 'ring', 'outcome'] as const,
    registers: [this.registry],
  });

  /** Reconcile passes of the cluster driver, by result; the local driver leaves it at zero. */
  readonly reconciles = new Counter({
    name: 'basil_operator_reconcile_total',
    help: 'Reconcile passes of the cluster driver, by result',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });

  /** Records a finished round as the local driver sees it: its figures and its turns. */
  recordRound(ring: RingLabels, result: RoundResult, skippedTurns: number): void {
    this.setRound(ring, {
      round: result.round,
      honestAccuracy: { mean: result.honestAccuracyMean, min: result.honestAccuracyMin },
      byzantineSelectionRatio: result.byzantineSelectionRate,
    });
    if (result.aggregateAccuracyMean !== undefined) {
      this.setAggregateAccuracy(ring, result.aggregateAccuracyMean);
    }
    const timedOut = result.timedOutTurns;
    this.addTurns(ring, {
      taken: result.turns - timedOut,
      timed_out: timedOut,
      skipped: skippedTurns,
    });
  }

  /** Sets the ring's round and whichever figures of it are known. */
  setRound(ring: RingLabels, figures: RoundFigures): void {
    const labels = pick(ring);
    this.round.set(labels, figures.round);
    const { honestAccuracy, byzantineSelectionRatio } = figures;
    if (honestAccuracy !== undefined) {
      for (const stat of STATS) {
        this.honestAccuracy.set({ ...labels, stat }, finiteOr(honestAccuracy[stat]));
      }
    }
    if (byzantineSelectionRatio !== undefined) {
      this.byzantineSelection.set(labels, finiteOr(byzantineSelectionRatio));
    }
  }

  /** Basil+: sets the accuracy of the ring's latest final aggregate. */
  setAggregateAccuracy(ring: RingLabels, accuracy: number): void {
    this.aggregateAccuracy.set(pick(ring), finiteOr(accuracy));
  }

  /** Counts turns of the ring; every outcome's series exists from the first call on. */
  addTurns(ring: RingLabels, counts: TurnCounts): void {
    for (const outcome of TURN_OUTCOMES) {
      this.turns.inc({ ...pick(ring), outcome }, Math.max(0, counts[outcome]));
    }
  }

  /** Sets the node count of every state at once, so the states always add up to N. */
  setNodeStates(ring: RingLabels, states: readonly NodeStateLabel[]): void {
    for (const state of NODE_STATES) {
      this.nodes.set({ ...pick(ring), state }, states.filter((s) => s === state).length);
    }
  }

  /** Removes every series of a ring that is gone, so a deleted ring leaves nothing behind. */
  removeRing(ring: RingLabels): void {
    const labels = pick(ring);
    this.round.remove(labels);
    this.byzantineSelection.remove(labels);
    this.aggregateAccuracy.remove(labels);
    STATS.forEach((stat) => this.honestAccuracy.remove({ ...labels, stat }));
    NODE_STATES.forEach((state) => this.nodes.remove({ ...labels, state }));
    TURN_OUTCOMES.forEach((outcome) => this.turns.remove({ ...labels, outcome }));
  }
}

// Callers may hand in a larger object; only the two label keys may reach prom-client.
const pick = ({ namespace, ring }: RingLabels): RingLabels => ({ namespace, ring });

// A gauge cannot hold NaN meaningfully for alerting; an empty round reads as zero accuracy.
const finiteOr = (value: number): number => (Number.isFinite(value) ? value : 0);

/** Maps a node's wire state to its metric label. */
export function nodeStateLabel(wireState: string): NodeStateLabel {
  const label = wireState.replace('NODE_STATE_', '').toLowerCase();
  if ((NODE_STATES as readonly string[]).includes(label)) return label as NodeStateLabel;
  return 'starting';
}

/** A running `/metrics` endpoint. */
export interface MetricsEndpoint {
  /** host:port it listens on. */
  readonly address: string;
  close(): Promise<void>;
}

/** Serves `registry` on `http://host:port/metrics`; port 0 picks a free port. */
export async function serveMetrics(
  registry: Registry,
  host: string,
  port: number,
): Promise<MetricsEndpoint> {
  const server: Server = createServer((request, response) => {
    if (request.method !== 'GET' || request.url?.split('?')[0] !== '/metrics') {
      response.writeHead(404).end();
      return;
    }
    registry.metrics().then(
      (text) => response.writeHead(200, { 'content-type': registry.contentType }).end(text),
      (error: Error) => response.writeHead(500).end(error.message),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const { address, port: bound } = server.address() as AddressInfo;
  return {
    address: `${address}:${bound}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
