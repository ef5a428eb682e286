// Follows a running ring: polls every node's status, turns its reports into turn records and
// emits each round's summary once every live node has reported it. A dead node is never waited
// for, so a crash costs turns (counted as skipped), never the run.
import {
  mean,
  summarizeRound,
  type AggregationPlaces,
  type RoundResult,
  type RunTotals,
  type TurnRecord,
} from '../../core/src/index.js';
import type { NodeStatus__Output } from '../../protocol/src/generated/basil/v1/NodeStatus.js';
import type { TurnReport__Output } from '../../protocol/src/generated/basil/v1/TurnReport.js';
import { systemClock, type Clock } from './clock.js';

export { systemClock, type Clock };

/** Anything that answers GetStatus for one ring position. */
export interface StatusSource {
  readonly position: number;
  status(reportsFrom: number): Promise<NodeStatus__Output>;
}

/** A finished round and what it cost. */
export interface RoundProgress {
  readonly result: RoundResult;
  /** Mean of the nodes' own turn durations in this round. */
  readonly meanTurnMs: number;
  /** Turns of dead nodes that never happened in this round. */
  readonly skippedTurns: number;
}

/** What following a whole run produced. */
export interface FollowResult {
  readonly rounds: readonly RoundResult[];
  readonly turns: readonly TurnRecord[];
  readonly totals: RunTotals;
  /** Mean of every turn's duration as the nodes measured it. */
  readonly meanTurnMs: number;
  /** Training backend the nodes reported. */
  readonly backend: string;
  readonly deadPositions: readonly number[];
}

/** Settings and callbacks of a follower. */
export interface FollowOptions {
  /** `sources[position]` answers for that position. */
  readonly sources: readonly StatusSource[];
  readonly byzantinePositions: readonly number[];
  readonly rounds: number;
  /** Basil+: turns each node takes per global round (1 by default). */
  readonly roundsPerGlobalRound?: number;
  /**
   * Basil+ only: where the honest nodes of the aggregation sit. A global round but the last is
   * summarised once its live receivers have merged and its holders scored.
   */
  readonly aggregation?: AggregationPlaces;
  readonly intervalMs: number;
  /** Give up when no node reports a new turn for this long. */
  readonly stallTimeoutMs: number;
  readonly clock?: Clock;
  readonly signal?: AbortSignal;
  onRound?(progress: RoundProgress): void;
  onReport?(record: TurnRecord): void;
  onStatus?(position: number, status: NodeStatus__Output): void;
  onPollError?(position: number, error: unknown): void;
}

/** A node reported FAILED; the run cannot go on. */
export class NodeFailedError extends Error {
  override name = 'NodeFailedError';

  constructor(
    readonly position: number,
    detail: string,
  ) {
    super(`node ${position} failed: ${detail || 'no detail given'}`);
  }
}

/** No node made progress for too long, or no node is left alive. */
export class RingStalledError extends Error {
  override name = 'RingStalledError';
}

/** Converts one wire report into the record every mode summarises. */
export function recordOfReport(position: number, report: TurnReport__Output): TurnRecord {
  const { selected, own } = report;
  return {
    round: report.round,
    position,
    selectedSender: report.selectedSender,
    selectedRound: report.selectedRound,
    selectedLoss: report.selectedLoss,
    timedOut: report.timedOut,
    ...(selected === null || own === null
      ? {}
      : { report: { selected: { ...selected }, own: { ...own } } }),
  };
}

interface Tracked {
  readonly reports: TurnReport__Output[];
  /** Basil+: this node's merge after each global round, and the final aggregate's accuracy. */
  readonly merges: Map<number, { chosenSender: number; accuracy: number | undefined }>;
  state: string;
  rejections: Record<string, number>;
  dead: boolean;
}

/** Polls a ring until every live node finishes; see `FollowOptions`. */
export class RingFollower {
  private readonly nodes: Tracked[];
  private readonly records: TurnRecord[] = [];
  private readonly emitted: RoundResult[] = [];
  private readonly clock: Clock;
  private skipped = 0;
  private backend = '';
  private lastProgressAt = 0;

  constructor(private readonly options: FollowOptions) {
    this.clock = options.clock ?? systemClock;
    this.nodes = options.sources.map(() => ({
      reports: [],
      merges: new Map(),
      state: 'NODE_STATE_UNSPECIFIED',
      rejections: {},
      dead: false,
    }));
  }

  /** Stops waiting for a node: its turns from now on count as skipped. */
  markDead(position: number): void {
    const node = this.nodes[position];
    if (node !== undefined) node.dead = true;
  }

  /** Polls until the run ends; resolves to everything the nodes reported. */
  async run(): Promise<FollowResult> {
    const { signal, intervalMs, stallTimeoutMs } = this.options;
    this.lastProgressAt = this.clock.now();
    for (;;) {
      signal?.throwIfAborted();
      await this.pollAll();
      this.emitReadyRounds();
      if (this.finished()) return this.result();
      if (this.nodes.every((node) => node.dead)) {
        throw new RingStalledError('every node of the ring has died');
      }
      const idleMs = this.clock.now() - this.lastProgressAt;
      if (idleMs > stallTimeoutMs) {
        const waiting = this.live().map(([, position]) => position);
        throw new RingStalledError(
          `no turn reported for ${Math.round(idleMs)} ms; waiting for nodes ${waiting.join(', ')}`,
        );
      }
      await this.clock.sleep(intervalMs, signal);
    }
  }

  private live(): [Tracked, number][] {
    return this.nodes.flatMap((node, position) => (node.dead ? [] : [[node, position]]));
  }

  private async pollAll(): Promise<void> {
    await Promise.all(this.live().map(([node, position]) => this.poll(node, position)));
  }

  private async poll(node: Tracked, position: number): Promise<void> {
    const source = this.options.sources[position] as StatusSource;
    let status: NodeStatus__Output;
    try {
      status = await source.status(node.reports.length);
    } catch (error) {
      // A node may be briefly unreachable; the stall timeout bounds how long that can last.
      this.options.onPollError?.(position, error);
      return;
    }
    this.options.onStatus?.(position, status);
    node.state = status.state;
    node.rejections = Object.fromEntries(status.rejections.map((r) => [r.reason, r.count]));
    if (status.backend !== '') this.backend = status.backend;
    if (status.state === 'NODE_STATE_FAILED') throw new NodeFailedError(position, status.error);
    for (const { round, score, chosenSender } of status.aggregates) {
      const known = node.merges.get(round);
      if (known !== undefined && (known.accuracy !== undefined || score === null)) continue;
      node.merges.set(round, { chosenSender, accuracy: score?.accuracy });
      this.lastProgressAt = this.clock.now();
    }
    for (const report of status.reports) {
      node.reports.push(report);
      const record = recordOfReport(position, report);
      this.records.push(record);
      this.lastProgressAt = this.clock.now();
      this.options.onReport?.(record);
    }
  }

  private hasReported(node: Tracked, round: number): boolean {
    const inner = this.options.roundsPerGlobalRound ?? 1;
    return node.reports.some(
      (r) => r.round > round || (r.round === round && (inner === 1 || r.innerRound >= inner)),
    );
  }

  private hasMerged(node: Tracked, position: number, round: number): boolean {
    const { receivers = [], holders = [] } = this.options.aggregation ?? {};
    if (round >= this.options.rounds || !receivers.includes(position)) return true;
    const merge = node.merges.get(round);
    return merge !== undefined && (!holders.includes(position) || merge.accuracy !== undefined);
  }

  private emitReadyRounds(): void {
    const allFinished = this.finished();
    for (let round = this.emitted.length + 1; round <= this.options.rounds; round++) {
      const ready = this.live().every(
        ([node, position]) =>
          this.hasReported(node, round) && this.hasMerged(node, position, round),
      );
      if (!ready && !allFinished) return;
      this.emit(round);
    }
  }

  private emit(round: number): void {
    const inRound = this.nodes.flatMap((node) => node.reports.filter((r) => r.round === round));
    const skippedTurns = this.nodes.filter(
      (node) => node.dead && !node.reports.some((r) => r.round === round),
    ).length;
    this.skipped += skippedTurns;
    const summary = summarizeGlobalRound(round, this.nodes, this.records, this.options);
    const result = { ...summary, ...this.aggregationOf(round) };
    this.emitted.push(result);
    this.options.onRound?.({ result, meanTurnMs: meanMs(inRound), skippedTurns });
  }

  /**
   * The aggregation after global round `round`, as the simulator sums it: the final aggregate's
   * mean accuracy over its holders and the share of merges built on a Byzantine sender, both in
   * position order. Nothing for plain Basil or the last global round.
   */
  private aggregationOf(round: number): Partial<RoundResult> {
    const { aggregation } = this.options;
    if (aggregation === undefined || round >= this.options.rounds) return {};
    const { receivers, holders } = aggregation;
    const mergeAt = (p: number) => this.nodes[p]?.merges.get(round);
    const chosen = receivers.flatMap((p) => {
      const sender = mergeAt(p)?.chosenSender ?? -1;
      return sender < 0 ? [] : [this.options.byzantinePositions.includes(sender) ? 1 : 0];
    });
    const accuracies = holders.flatMap((p) => mergeAt(p)?.accuracy ?? []);
    return {
      ...(accuracies.length === 0 ? {} : { aggregateAccuracyMean: mean(accuracies) }),
      aggregationByzantineSelectionRate: chosen.length === 0 ? 0 : mean(chosen),
    };
  }

  private finished(): boolean {
    const live = this.live();
    return live.length > 0 && live.every(([node]) => node.state === 'NODE_STATE_FINISHED');
  }

  private result(): FollowResult {
    const rejectedModels: Record<string, number> = {};
    for (const node of this.nodes) {
      for (const [reason, count] of Object.entries(node.rejections)) {
        rejectedModels[reason] = (rejectedModels[reason] ?? 0) + count;
      }
    }
    const all = this.nodes.flatMap((node) => node.reports);
    return {
      rounds: this.emitted,
      turns: this.records,
      totals: {
        turnsTaken: all.length,
        turnsTimedOut: all.filter((report) => report.timedOut).length,
        turnsSkipped: this.skipped,
        rejectedModels,
      },
      meanTurnMs: meanMs(all),
      backend: this.backend,
      deadPositions: this.nodes.flatMap((node, position) => (node.dead ? [position] : [])),
    };
  }
}

/**
 * A round's figures. Under Basil+ with several rounds per global round, accuracies come from
 * each node's last turn of the global round and selections from all its turns, as the simulator
 * reports them; otherwise every turn of the round counts.
 */
function summarizeGlobalRound(
  round: number,
  nodes: readonly { reports: readonly TurnReport__Output[] }[],
  records: readonly TurnRecord[],
  options: Pick<FollowOptions, 'byzantinePositions' | 'roundsPerGlobalRound'>,
): RoundResult {
  // In position order, as the simulator lists turns, so means add up in the same order whichever
  // node was polled first.
  const ordered = [...records].sort((a, b) => a.round - b.round || a.position - b.position);
  const all = summarizeRound(round, ordered, options.byzantinePositions);
  const inner = options.roundsPerGlobalRound ?? 1;
  if (inner === 1) return all;
  const last = nodes.flatMap((node, position) =>
    node.reports
      .filter((r) => r.round === round && r.innerRound === inner)
      .map((r) => recordOfReport(position, r)),
  );
  return {
    ...summarizeRound(round, last, options.byzantinePositions),
    byzantineSelectionRate: all.byzantineSelectionRate,
    turns: all.turns,
    timedOutTurns: all.timedOutTurns,
  };
}

function meanMs(reports: readonly TurnReport__Output[]): number {
  if (reports.length === 0) return Number.NaN;
  return (1000 * reports.reduce((sum, r) => sum + r.durationSeconds, 0)) / reports.length;
}
