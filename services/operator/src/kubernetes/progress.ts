// What a ring has achieved, rebuilt from the nodes' own turn reports: the nodes keep every
// report, so an operator that restarts loses nothing by keeping this in memory only.
import {
  mean,
  summarizeRound,
  type RoundResult,
  type TurnRecord,
} from '../../../core/src/index.js';
import type { NodeStatus__Output } from '../../../protocol/src/messages.js';
import { recordOfReport } from '../follow.js';
import type { TurnCounts } from '../metrics.js';

/** Turn reports of one ring run, by position, and the rounds they complete. */
export class RingProgress {
  private readonly records = new Map<string, TurnRecord>();
  private readonly cursors: number[];
  /** Basil+: accuracy of each global round's final aggregate, by round, then by holder. */
  private readonly aggregates = new Map<number, Map<number, number>>();

  constructor(
    private readonly nodes: number,
    private readonly byzantinePositions: readonly number[],
    /** Basil+: the honest positions that score each global round's final aggregate. */
    private readonly aggregateHolders: readonly number[] = [],
  ) {
    this.cursors = Array.from({ length: nodes }, () => 0);
  }

  /** Index of the first report of `position` not yet taken in: ask GetStatus from here. */
  cursor(position: number): number {
    return this.cursors[position] ?? 0;
  }

  /** Starts `position` over: a new node process numbers its reports from zero again. */
  resetNode(position: number): void {
    this.cursors[position] = 0;
  }

  /** Takes in a GetStatus answer that was asked from `cursor(position)`. */
  apply(position: number, status: NodeStatus__Output): void {
    const from = this.cursor(position);
    if (status.reportsTotal < from) {
      // Fewer reports than already read: the node restarted. Re-read it from the start.
      this.resetNode(position);
      return;
    }
    for (const report of status.reports) {
      // Keyed by round, so reports read twice (after a restart) count once.
      this.records.set(`${position}:${report.round}`, recordOfReport(position, report));
    }
    this.cursors[position] = from + status.reports.length;
    if (!this.aggregateHolders.includes(position)) return;
    for (const { round, score } of status.aggregates) {
      if (score === null) continue;
      const byHolder = this.aggregates.get(round) ?? new Map<number, number>();
      this.aggregates.set(round, byHolder.set(position, score.accuracy));
    }
  }

  /** Basil+: the latest global round with a scored final aggregate, and its mean accuracy. */
  aggregate(): { round: number; accuracy: number } | undefined {
    const round = Math.max(0, ...this.aggregates.keys());
    const byHolder = this.aggregates.get(round);
    if (byHolder === undefined) return undefined;
    const accuracies = [...byHolder.values()];
    return { round, accuracy: mean(accuracies) };
  }

  /** The lowest round that every honest node has finished; 0 before any has. */
  round(): number {
    const last = Array.from({ length: this.nodes }, () => 0);
    for (const record of this.records.values()) {
      last[record.position] = Math.max(last[record.position] ?? 0, record.round);
    }
    const honest = last.filter((_, position) => !this.byzantinePositions.includes(position));
    return honest.length === 0 ? 0 : Math.min(...honest);
  }

  /** Figures of the round `round()` names, or undefined before the first one is complete. */
  result(): RoundResult | undefined {
    const round = this.round();
    if (round === 0) return undefined;
    return summarizeRound(round, [...this.records.values()], this.byzantinePositions);
  }

  /**
   * Turns of this run so far: every report is a turn taken (on time or on the timeout), and a
   * position without a report for a round before `round()` skipped it, its process being down.
   * Rounds from `round()` on may still be under way, so their missing turns are not counted yet.
   */
  turns(): TurnCounts {
    const reported = [...this.records.values()];
    const timedOut = reported.filter((record) => record.timedOut).length;
    const done = this.round() - 1;
    const before = reported.filter((record) => record.round <= done).length;
    const skipped = Math.max(0, done) * this.nodes - before;
    return { taken: reported.length - timedOut, timed_out: timedOut, skipped };
  }
}
