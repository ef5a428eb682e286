// The operator's per-ring series in a cluster, from the same pass that writes the ring's status:
// its round and honest accuracy as the status states them, the Byzantine selection ratio of the
// round they describe, each node's state, and the turns counted from the nodes' reports. A
// ring's series stay after its run ends, so the last values remain visible, and go when the
// BasilRing is deleted.
import {
  TURN_OUTCOMES,
  type OperatorMetrics,
  type RingLabels,
  type TurnCounts,
  type TurnOutcomeLabel,
} from '../metrics.js';
import type { RingRun } from './ring-run.js';
import type { RingStatus } from './ring.js';
import type { StatusFacts } from './status.js';

/** Turns already counted for one ring, and the epoch of the run they were counted from. */
interface Counted {
  readonly epoch: number;
  readonly turns: TurnCounts;
}

const NO_TURNS: TurnCounts = { taken: 0, timed_out: 0, skipped: 0 };

/** Keeps the per-ring series of `OperatorMetrics` in step with reconcile. */
export class RingMetrics {
  private readonly counted = new Map<string, Counted>();

  constructor(private readonly metrics: OperatorMetrics | undefined) {}

  /** Records one pass of `run`, whose status facts were just written. */
  record(ring: RingLabels, run: RingRun, facts: StatusFacts): void {
    const { metrics } = this;
    if (metrics === undefined) return;
    const result = run.progress.result();
    // The ratio belongs to one round: only a result of the round the status names is reported.
    const current = result !== undefined && result.round === facts.round;
    metrics.setRound(ring, {
      round: facts.round ?? 0,
      ...(facts.honestAccuracy === undefined ? {} : { honestAccuracy: facts.honestAccuracy }),
      ...(current ? { byzantineSelectionRatio: result.byzantineSelectionRate } : {}),
    });
    const aggregate = run.progress.aggregate();
    if (aggregate !== undefined) metrics.setAggregateAccuracy(ring, aggregate.accuracy);
    metrics.setNodeStates(ring, run.nodeStates());
    this.countTurns(ring, run, metrics);
  }

  /**
   * Brings back what the status of a finished ring holds (round, honest accuracy) when this
   * operator has not seen the ring run, as after a restart; a ring seen running keeps its values.
   */
  restore(ring: RingLabels, status: RingStatus): void {
    if (this.metrics === undefined || this.counted.has(keyOf(ring))) return;
    const { round, honestAccuracyMean: mean, honestAccuracyMin: min } = status;
    if (round === undefined) return;
    const honestAccuracy = mean === undefined || min === undefined ? undefined : { mean, min };
    this.metrics.setRound(ring, {
      round,
      ...(honestAccuracy === undefined ? {} : { honestAccuracy }),
    });
  }

  /** Removes the series of a deleted ring. */
  remove(ring: RingLabels): void {
    this.counted.delete(keyOf(ring));
    this.metrics?.removeRing(ring);
  }

  // The counter only grows: each pass adds what the run's tally gained since the last one. A new
  // run (new epoch, or an operator restart) starts its tally from nothing.
  private countTurns(ring: RingLabels, run: RingRun, metrics: OperatorMetrics): void {
    const key = keyOf(ring);
    const held = this.counted.get(key);
    const before = held?.epoch === run.epoch ? held.turns : NO_TURNS;
    const now = run.progress.turns();
    metrics.addTurns(
      ring,
      perOutcome((o) => now[o] - before[o]),
    );
    // A tally that shrank (a report read again differently) is not counted twice when it regrows.
    const kept = perOutcome((o) => Math.max(now[o], before[o]));
    this.counted.set(key, { epoch: run.epoch, turns: kept });
  }
}

const perOutcome = (count: (outcome: TurnOutcomeLabel) => number): TurnCounts =>
  Object.fromEntries(TURN_OUTCOMES.map((outcome) => [outcome, count(outcome)])) as TurnCounts;

const keyOf = ({ namespace, ring }: RingLabels): string => `${namespace}/${ring}`;
