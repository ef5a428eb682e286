// Per-round results of a run, computed the same way from simulated and distributed turns.
import { INITIAL_SENDER } from './selection.js';
import type { Score } from './turn.js';

/** What one turn reports, whichever mode ran it. */
export interface TurnRecord {
  readonly round: number;
  readonly position: number;
  readonly selectedSender: number;
  readonly selectedRound: number;
  readonly selectedLoss: number;
  /** True when the turn ran on the timeout, without the predecessor's model. */
  readonly timedOut: boolean;
  /** Honest nodes only. */
  readonly report?: { readonly selected: Score; readonly own: Score };
}

/** Counts over a whole run, as written to results.json: nothing is lost silently. */
export interface RunTotals {
  readonly turnsTaken: number;
  readonly turnsTimedOut: number;
  /** Turns never taken, for example by a node that died. */
  readonly turnsSkipped: number;
  /** Models the nodes refused, by reason. */
  readonly rejectedModels: Readonly<Record<string, number>>;
}

/** The figures of one round, as written to results.json. */
export interface RoundResult {
  readonly round: number;
  /** Mean test accuracy over honest nodes of the model each reports (selection over memory). */
  readonly honestAccuracyMean: number;
  readonly honestAccuracyMin: number;
  /** The same for each honest node's own last trained model. */
  readonly ownAccuracyMean: number;
  readonly honestLossMean: number;
  /** Share of honest selections whose winner came from a Byzantine sender. */
  readonly byzantineSelectionRate: number;
  readonly turns: number;
  readonly timedOutTurns: number;
  /**
   * Basil+ only, every global round but the last: mean test accuracy of the final cross-group
   * aggregate over the honest nodes that hold it. It is the model the global round produces.
   */
  readonly aggregateAccuracyMean?: number;
  /** Basil+ only, likewise: share of honest merges that built on a Byzantine sender's aggregate. */
  readonly aggregationByzantineSelectionRate?: number;
}

/** The arithmetic mean, summed in the given order; NaN for no values. */
export const mean = (values: readonly number[]): number =>
  values.length === 0 ? Number.NaN : values.reduce((a, b) => a + b, 0) / values.length;

/** Summarises the turns of one round. */
export function summarizeRound(
  round: number,
  records: readonly TurnRecord[],
  byzantinePositions: readonly number[],
): RoundResult {
  const turns = records.filter((r) => r.round === round);
  const honest = turns.filter((r) => !byzantinePositions.includes(r.position));
  const reported = honest.flatMap((r) => (r.report === undefined ? [] : [r.report]));
  const accuracies = reported.map((r) => r.selected.accuracy);
  const fromByzantine = honest.filter(
    (r) => r.selectedSender !== INITIAL_SENDER && byzantinePositions.includes(r.selectedSender),
  );
  return {
    round,
    honestAccuracyMean: mean(accuracies),
    honestAccuracyMin: accuracies.length === 0 ? Number.NaN : Math.min(...accuracies),
    ownAccuracyMean: mean(reported.map((r) => r.own.accuracy)),
    honestLossMean: mean(reported.map((r) => r.selected.loss)),
    byzantineSelectionRate: honest.length === 0 ? 0 : fromByzantine.length / honest.length,
    turns: turns.length,
    timedOutTurns: turns.filter((r) => r.timedOut).length,
  };
}
