// What a finished turn leaves behind: the report GetStatus returns and the metrics it moves.
import type { TurnOutcome } from '../../core/src/basil/turn.js';
import type { TurnReport } from '../../protocol/src/messages.js';
import type { RejectionReason } from './errors.js';
import type { NodeMetrics } from './metrics.js';

/** How a turn ran, besides what takeTurn decided. */
export interface TurnTiming {
  readonly timedOut: boolean;
  readonly durationSeconds: number;
}

/**
 * The report GetStatus returns for a turn. Under Basil+ `place` gives the global round, which
 * the report carries as its round, and the round inside it.
 */
export function turnReport(
  outcome: TurnOutcome,
  timing: TurnTiming,
  place: { global: number; inner: number } = { global: outcome.round, inner: 0 },
): TurnReport {
  const { report } = outcome;
  return {
    round: place.global,
    innerRound: place.inner,
    selectedSender: outcome.selectedSender,
    selectedRound: outcome.selectedRound,
    selectedLoss: outcome.selectedLoss,
    timedOut: timing.timedOut,
    selected: report?.selected ?? null,
    own: report?.own ?? null,
    durationSeconds: timing.durationSeconds,
  };
}

/** Updates the node's metrics for a finished turn; `reject` counts models passed over. */
export function recordTurn(
  metrics: NodeMetrics,
  outcome: TurnOutcome,
  timing: TurnTiming,
  reject: (reason: RejectionReason) => void,
): void {
  metrics.round.set(outcome.round);
  metrics.turns.inc({ outcome: timing.timedOut ? 'timed_out' : 'taken' });
  metrics.turnDuration.observe(timing.durationSeconds);
  metrics.selections.inc({ sender_position: String(outcome.selectedSender) });
  for (const { reason } of outcome.rejected) {
    reject(reason === 'non-finite-loss' ? 'non-finite-loss' : 'invalid-weights');
  }
  const { report } = outcome;
  if (report === undefined) return;
  metrics.testAccuracy.set({ model: 'selected' }, report.selected.accuracy);
  metrics.testAccuracy.set({ model: 'own' }, report.own.accuracy);
  metrics.testLoss.set({ model: 'selected' }, report.selected.loss);
  metrics.testLoss.set({ model: 'own' }, report.own.loss);
}
