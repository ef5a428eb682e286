// The operator's own metrics, on one registry per operator instance, and the HTTP endpoint that
// serves them. Every label takes values from a fixed set.
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
export type TurnOutcomeLabel = 'taken' | 'timed_out' | 'skipped';

/** The operator's metrics on their own registry. */
export class OperatorMetrics {
  /** Holds only the operator's metrics, so tests and several drivers never collide. */
  readonly registry = new Registry();

  private readonly round = new Gauge({
    name: 'basil_operator_ring_round',
    help: 'Last round every live node has reported',
    registers: [this.registry],
  });

  private readonly honestAccuracy = new Gauge({
    name: 'basil_operator_honest_accuracy_ratio',
    help: 'Test accuracy of the honest nodes in the last round, mean or min over nodes',
    labelNames: ['stat'] as const,
    registers: [this.registry],
  });

  private readonly byzantineSelection = new Gauge({
    name: 'basil_operator_byzantine_selection_ratio',
    help: 'Share of honest selections in the last round won by a Byzantine sender',
    registers: [this.registry],
  });

  private readonly nodes = new Gauge({
    name: 'basil_operator_nodes',
    help: 'Nodes of the ring, by state',
    labelNames: ['state'] as const,
    registers: [this.registry],
  });

  private readonly turns = new Counter({
    name: 'basil_operator_turns_total',
    help: 'Turns of the ring, by outcome',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  /** Reconcile passes of the cluster driver, by result; the local driver leaves it at zero. */
  readonly reconciles = new Counter({
    name: 'basil_operator_reconcile_total',
    help: 'Reconcile passes of the cluster driver, by result',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });

  /** Records a finished round. */
  recordRound(result: RoundResult, skippedTurns: number): void {
    this.round.set(result.round);
    this.honestAccuracy.set({ stat: 'mean' }, finiteOr(result.honestAccuracyMean));
    this.honestAccuracy.set({ stat: 'min' }, finiteOr(result.honestAccuracyMin));
    this.byzantineSelection.set(result.byzantineSelectionRate);
    this.turns.inc({ outcome: 'taken' }, result.turns - result.timedOutTurns);
    this.turns.inc({ outcome: 'timed_out' }, result.timedOutTurns);
    this.turns.inc({ outcome: 'skipped' }, skippedTurns);
  }

  /** Sets the node count of every state at once, so the states always add up to N. */
  setNodeStates(states: readonly NodeStateLabel[]): void {
    for (const state of NODE_STATES) {
      this.nodes.set({ state }, states.filter((s) => s === state).length);
    }
  }
}

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
