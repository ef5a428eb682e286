// Basil+: the ring split into groups of consecutive positions that run Basil in parallel, and
// the robust circular aggregation that merges the group models after each global round.
import type { Samples } from '../data/samples.js';
import { flatten, unflatten, weightsProblem, type Weights } from '../model/weights.js';
import type { ModelDef } from '../model/zoo.js';
import type { AggregatorName, PlusSpec } from '../spec/schema.js';
import { NoCandidateError, select, type Candidate } from './selection.js';

/** A group of consecutive ring positions. */
export interface GroupSpan {
  readonly start: number;
  readonly size: number;
}

/**
 * G groups of consecutive positions whose sizes differ by at most one: group g covers
 * [floor(g N / G), floor((g + 1) N / G)). Validation keeps the smallest at >= max(2, S).
 */
export function groupSpans(nodes: number, groups: number): GroupSpan[] {
  if (groups < 1 || groups > nodes) {
    throw new RangeError(`groups must be in [1, ${nodes}], got ${groups}`);
  }
  return Array.from({ length: groups }, (_, g) => {
    const start = Math.floor((g * nodes) / groups);
    return { start, size: Math.floor(((g + 1) * nodes) / groups) - start };
  });
}

/** Models a node keeps inside its group: S, but never its own model back (at most size - 1). */
export const groupMemoryOf = (memory: number, size: number): number => Math.min(memory, size - 1);

/** The last S positions of a group: they send its model on to the next group. */
export const lastPositions = (span: GroupSpan, memory: number): number[] =>
  Array.from({ length: Math.min(memory, span.size) }, (_, i) => span.start + span.size - 1 - i);

/** The first S positions of a group: they receive from the previous group and the multicast. */
export const firstPositions = (span: GroupSpan, memory: number): number[] =>
  Array.from({ length: Math.min(memory, span.size) }, (_, i) => span.start + i);

/**
 * Whether a turn in round `inner` of its global round is scored: a global round's figures come
 * from its last round only. Plain Basil (`inner` 0, or one round per global round) scores all.
 */
export const scoresTurn = (inner: number, roundsPerGlobalRound: number): boolean =>
  inner === 0 || inner === roundsPerGlobalRound;

/** Where the honest nodes of the cross-group aggregation sit; both lists in position order. */
export interface AggregationPlaces {
  /** The first S of every group but the first: each merges what the previous group sent. */
  readonly receivers: readonly number[];
  /** The first S of the last group, whose merge is the global round's final aggregate. */
  readonly holders: readonly number[];
}

/** The honest receivers and holders of a Basil+ ring; none for a single group. */
export function aggregationPlaces(
  spec: { readonly nodes: number; readonly memory: number; readonly plus: PlusSpec },
  byzantinePositions: readonly number[],
): AggregationPlaces {
  const spans = groupSpans(spec.nodes, spec.plus.groups);
  const honest = (span: GroupSpan) =>
    firstPositions(span, spec.memory).filter((p) => !byzantinePositions.includes(p));
  const last = spans.at(-1);
  if (spans.length < 2 || last === undefined) return { receivers: [], holders: [] };
  return { receivers: spans.slice(1).flatMap(honest), holders: honest(last) };
}

/** A model in flight between groups during the aggregation. */
export interface AggregateMessage {
  readonly senderPosition: number;
  /** The running aggregate of the groups merged so far. */
  readonly aggregate: Weights;
  /** Median and trimmed mean only: the merged groups' models, one per group. */
  readonly groupModels: readonly Weights[];
}

/** ((k - 1) / k) * incoming + (1 / k) * own: the mean of k group models, one group at a time. */
export function runningAverage(incoming: Weights, own: Weights, k: number): Weights {
  const a = flatten(incoming);
  const b = flatten(own);
  const out = Float32Array.from(a, (value, i) => ((k - 1) / k) * value + (b[i] as number) / k);
  return unflatten(out, own);
}

function perCoordinate(models: readonly Weights[], reduce: (sorted: number[]) => number): Weights {
  const [first] = models;
  if (first === undefined) throw new RangeError('cannot combine zero group models');
  const flat = models.map(flatten);
  const column = new Array<number>(flat.length);
  const out = new Float32Array((flat[0] as Float32Array).length);
  for (let i = 0; i < out.length; i++) {
    flat.forEach((values, m) => (column[m] = values[i] as number));
    out[i] = reduce(column.sort((x, y) => x - y));
  }
  return unflatten(out, first);
}

/** Coordinate-wise median; the mean of the two middle values for an even count. */
export function coordinateMedian(models: readonly Weights[]): Weights {
  return perCoordinate(models, (sorted) => {
    const mid = sorted.length >> 1;
    const upper = sorted[mid] as number;
    return sorted.length % 2 === 1 ? upper : ((sorted[mid - 1] as number) + upper) / 2;
  });
}

/** Coordinate-wise mean after cutting floor(fraction * count) values at each end. */
export function trimmedMean(models: readonly Weights[], fraction: number): Weights {
  return perCoordinate(models, (sorted) => {
    const cut = Math.floor(fraction * sorted.length);
    const kept = sorted.slice(cut, sorted.length - cut);
    return kept.reduce((sum, v) => sum + v, 0) / kept.length;
  });
}

/** The aggregate of a list of group models under the median or trimmed-mean rule. */
export function combineGroupModels(
  rule: Exclude<AggregatorName, 'select-average'>,
  models: readonly Weights[],
  trimFraction: number,
): Weights {
  return rule === 'median' ? coordinateMedian(models) : trimmedMean(models, trimFraction);
}

/** What a receiver of the circular aggregation knows when the previous group's models arrive. */
export interface ReceiverMergeInput {
  readonly model: ModelDef;
  readonly plus: PlusSpec;
  readonly receiverPosition: number;
  readonly incoming: readonly AggregateMessage[];
  /** The receiver's view of its own group's model: its selection over its memory. */
  readonly own: Weights;
  /** 1-based place of the receiver's group in the pass. */
  readonly k: number;
  readonly batch: Samples;
}

/** The receiver's new aggregate and whose message it built on (undefined if none was valid). */
export interface ReceiverMerge {
  readonly message: AggregateMessage;
  readonly chosenSender: number | undefined;
}

/**
 * Selects the incoming message with the lowest loss on the receiver's batch and merges its own
 * group's model into it. Under median and trimmed mean a candidate is scored by the aggregate the
 * receiver recomputes from the carried group models, so a sender cannot pair a good-looking
 * aggregate with poisoned group models.
 */
export function mergeAtReceiver(input: ReceiverMergeInput): ReceiverMerge {
  const { model, plus, incoming, own, k } = input;
  const rule = plus.aggregator;
  const usable =
    rule === 'select-average'
      ? incoming
      : incoming.filter((m) =>
          m.groupModels.every((w) => weightsProblem(w, model.manifest) === undefined),
        );
  const candidates: Candidate[] = usable.map((m) => ({
    senderPosition: m.senderPosition,
    round: 0,
    weights:
      rule === 'select-average'
        ? m.aggregate
        : combineGroupModels(rule, m.groupModels, plus.trimFraction),
  }));
  let chosen: { message: AggregateMessage; weights: Weights } | undefined;
  try {
    const { winner } = select(model, candidates, input.batch);
    chosen = { message: usable[candidates.indexOf(winner)] as AggregateMessage, ...winner };
  } catch (error) {
    if (!(error instanceof NoCandidateError)) throw error;
  }
  const senderPosition = input.receiverPosition;
  if (chosen === undefined) {
    // TODO(plus): the running weights assume k merged groups; a receiver with no valid input
    // restarts from its own group alone, which overweights it for the rest of the pass.
    return {
      message: { senderPosition, aggregate: own, groupModels: [own] },
      chosenSender: undefined,
    };
  }
  const chosenSender = chosen.message.senderPosition;
  if (rule === 'select-average') {
    const aggregate = runningAverage(chosen.weights, own, k);
    return { message: { senderPosition, aggregate, groupModels: [] }, chosenSender };
  }
  const groupModels = [...chosen.message.groupModels, own];
  const aggregate = combineGroupModels(rule, groupModels, plus.trimFraction);
  return { message: { senderPosition, aggregate, groupModels }, chosenSender };
}

/** Who a node of a Basil+ ring exchanges models with, all as ring positions. */
export interface PlusLinks {
  readonly group: number;
  readonly span: GroupSpan;
  /** In-group successors and predecessors, nearest first; they wrap within the group. */
  readonly successors: readonly number[];
  readonly predecessors: readonly number[];
  /** Where the node sends aggregates: hops to the next group, or the final multicast. */
  readonly aggregationSuccessors: readonly number[];
  /** Whose hop aggregates it merges, in the order the aggregation ranks them. */
  readonly aggregationPredecessors: readonly number[];
  /** Whose final aggregate it takes into its next global round's first turn. */
  readonly multicastSenders: readonly number[];
}

/**
 * The links of `position` when `nodes` positions form `groups` groups with memory S: group 0's
 * last S open the pass, group g's first S merge and forward, the last group's first S multicast
 * to the first S of every group.
 */
export function plusLinks(
  nodes: number,
  groups: number,
  memory: number,
  position: number,
): PlusLinks {
  const spans = groupSpans(nodes, groups);
  const group = spans.findIndex((s) => position >= s.start && position < s.start + s.size);
  const span = spans[group] as GroupSpan;
  const last = spans.length - 1;
  const firsts = spans.map((s) => firstPositions(s, memory));
  const local = position - span.start;
  const capacity = groupMemoryOf(memory, span.size);
  const wrap = (offset: number) =>
    span.start + ((((local + offset) % span.size) + span.size) % span.size);
  const isFirst = (firsts[group] as number[]).includes(position);
  let aggregationSuccessors: number[] = [];
  if (group === 0 && lastPositions(span, memory).includes(position) && last > 0) {
    aggregationSuccessors = firsts[1] as number[];
  } else if (group > 0 && isFirst) {
    aggregationSuccessors = group < last ? (firsts[group + 1] as number[]) : firsts.flat();
  }
  let aggregationPredecessors: number[] = [];
  if (group > 0 && isFirst) {
    aggregationPredecessors =
      group === 1 ? lastPositions(spans[0] as GroupSpan, memory) : (firsts[group - 1] as number[]);
  }
  return {
    group,
    span,
    successors: Array.from({ length: capacity }, (_, i) => wrap(i + 1)),
    predecessors: Array.from({ length: capacity }, (_, i) => wrap(-i - 1)),
    aggregationSuccessors,
    aggregationPredecessors,
    multicastSenders: isFirst && last > 0 ? (firsts[last] as number[]) : [],
  };
}
