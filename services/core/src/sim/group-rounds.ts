// Turns inside one group of consecutive positions: Basil on a ring of the group's size, with
// memories and successors that wrap within the group. A single group is the whole ring.
import { Memory } from '../basil/memory.js';
import { successorsOf, type RingPlan } from '../basil/plan.js';
import { groupMemoryOf, type GroupSpan } from '../basil/plus.js';
import type { TurnRecord } from '../basil/results.js';
import { INITIAL_SENDER, type Candidate } from '../basil/selection.js';
import { scoreSteps, trainSteps, type TurnContext, type TurnOutcome } from '../basil/turn.js';
import { drain } from '../util/steps.js';
import type { Weights } from '../model/weights.js';

/** A group with the turn contexts of its positions, colluders named by in-group position. */
export interface Group {
  readonly span: GroupSpan;
  readonly contexts: readonly TurnContext[];
}

/** The groups of a run; memories and successors use in-group positions 0..size-1. */
export function groupsOf(
  spans: readonly GroupSpan[],
  contexts: readonly TurnContext[],
  plan: RingPlan,
): Group[] {
  return spans.map((span) => {
    const inside = (p: number) => p >= span.start && p < span.start + span.size;
    const colluders = plan.byzantinePositions.filter(inside).map((p) => p - span.start);
    const slice = contexts.slice(span.start, span.start + span.size);
    // One group is the plain ring: its contexts are kept as built, colluders included.
    if (spans.length === 1) return { span, contexts: slice };
    return {
      span,
      contexts: slice.map((c) => ({ ...c, colluders: c.byzantine ? colluders : [] })),
    };
  });
}

/** Empty memories for every ring position, each sized for its group. */
export function emptyMemories(spans: readonly GroupSpan[], memory: number): Memory[] {
  return spans.flatMap((span) =>
    Array.from(
      { length: span.size },
      (_, local) => new Memory(local, groupMemoryOf(memory, span.size), span.size),
    ),
  );
}

/** What one pass of a group's turn produced. */
export interface GroupRound {
  readonly records: readonly TurnRecord[];
  readonly outcomes: readonly TurnOutcome[];
  /** Summed duration of the group's turns: its share of the parallel wall clock. */
  readonly ms: number;
}

/**
 * One turn's outcome with every sender given as a ring position: in-group ids below the group's
 * size are positions in the group, ids above it index `entry`.
 */
export function ringOutcome(
  outcome: TurnOutcome,
  span: GroupSpan,
  entry: readonly Candidate[],
): TurnOutcome {
  const ring = (sender: number): number => {
    if (sender === INITIAL_SENDER) return sender;
    if (sender < span.size) return span.start + sender;
    return (entry[sender - span.size] as Candidate).senderPosition;
  };
  return {
    ...outcome,
    selectedSender: ring(outcome.selectedSender),
    rejected: outcome.rejected.map((r) => ({ ...r, senderPosition: ring(r.senderPosition) })),
  };
}

/**
 * Runs every turn of a group once, in order. `entries` holds, by ring position, models that
 * reached a node from outside the group; they join its candidates under in-group sender ids
 * above the group's positions, and are translated back in the outcome.
 */
export function runGroupRound(input: {
  group: Group;
  memories: readonly Memory[];
  turnRound: number;
  round: number;
  entries: ReadonlyMap<number, readonly Candidate[]>;
  /** Whether honest nodes evaluate: only the last round of a global round reports accuracy. */
  scored: boolean;
  onTurn?: (outcome: TurnOutcome, durationMs: number) => void;
}): GroupRound {
  const { group, memories, turnRound } = input;
  const { span } = group;
  // Every node of a group keeps as many models as it sends copies of its own.
  const capacity = (memories[span.start] as Memory).capacity;
  const records: TurnRecord[] = [];
  const outcomes: TurnOutcome[] = [];
  let ms = 0;
  for (const [local, ctx] of group.contexts.entries()) {
    const started = performance.now();
    const entry = input.entries.get(ctx.position) ?? [];
    const coded = entry.map((c, i) => ({ ...c, senderPosition: span.size + i }));
    const memory = memories[ctx.position] as Memory;
    const trained = drain(trainSteps(ctx, memory, turnRound, coded));
    const scored = input.scored ? drain(scoreSteps(ctx, trained)) : trained;
    const outcome = ringOutcome(scored, span, entry);
    const weights: Weights = outcome.outgoing;
    for (const successor of successorsOf(local, capacity, span.size)) {
      memories[span.start + successor]?.store({ senderPosition: local, round: turnRound, weights });
    }
    const durationMs = performance.now() - started;
    ms += durationMs;
    outcomes.push(outcome);
    records.push({ ...recordOf(outcome, false), round: input.round });
    input.onTurn?.(outcome, durationMs);
  }
  return { records, outcomes, ms };
}

/** Turns a turn's outcome into the record every mode reports. */
export function recordOf(outcome: TurnOutcome, timedOut: boolean): TurnRecord {
  return {
    round: outcome.round,
    position: outcome.position,
    selectedSender: outcome.selectedSender,
    selectedRound: outcome.selectedRound,
    selectedLoss: outcome.selectedLoss,
    timedOut,
    ...(outcome.report === undefined ? {} : { report: outcome.report }),
  };
}
