// Basil+'s robust circular aggregation in the simulator: hops from group to group, each receiver
// selecting among the S messages it got, then the multicast of the final aggregate.
import { applyAttack } from '../attacks/model-attacks.js';
import type { Memory } from '../basil/memory.js';
import type { RingPlan } from '../basil/plan.js';
import {
  firstPositions,
  lastPositions,
  mergeAtReceiver,
  type AggregateMessage,
  type GroupSpan,
} from '../basil/plus.js';
import { NoCandidateError, select, type Candidate } from '../basil/selection.js';
import type { TurnContext } from '../basil/turn.js';
import { countOf, pick, type Samples } from '../data/samples.js';
import { evaluate } from '../model/learner.js';
import type { Weights } from '../model/weights.js';
import { rng, type Random } from '../util/random.js';

/** What one aggregation produced. */
export interface Aggregation {
  /** By ring position: the final aggregates multicast to the first S nodes of every group. */
  readonly entries: ReadonlyMap<number, readonly Candidate[]>;
  /** Per hop, the slowest receiver's work: hops run one after another. */
  readonly hopMs: readonly number[];
  /** Share of honest receivers' choices that came from a Byzantine sender. */
  readonly byzantineSelectionRate: number;
  /** Mean test accuracy of the final aggregate held by each honest node of the last group. */
  readonly aggregateAccuracyMean: number;
}

/** Everything an aggregation reads. */
export interface AggregationInput {
  readonly plan: RingPlan;
  readonly spans: readonly GroupSpan[];
  readonly contexts: readonly TurnContext[];
  readonly memories: readonly Memory[];
  /** What each ring position sent at its latest turn. */
  readonly sent: readonly Weights[];
  readonly turnRound: number;
  readonly round: number;
}

function batchOf(ctx: TurnContext, random: Random): Samples {
  const n = countOf(ctx.data);
  return pick(
    ctx.data,
    Array.from({ length: ctx.spec.selectionBatchSize }, () => random.int(n)),
  );
}

/** A Byzantine sender applies its attack to everything it sends, also between groups. */
function attacked(
  ctx: TurnContext,
  message: AggregateMessage,
  heard: AggregateMessage[],
  input: AggregationInput,
): AggregateMessage {
  const { spec } = ctx;
  const random = rng(spec.seed, 'attack', 'aggregate', ctx.nodeId, input.round);
  const honestReceived = heard
    .filter((m) => !input.plan.byzantinePositions.includes(m.senderPosition))
    .map((m) => m.aggregate);
  const attack = (honest: Weights) =>
    applyAttack(spec.byzantine.attack, {
      honest,
      honestReceived,
      round: input.turnRound,
      nodes: spec.nodes,
      byzantineCount: spec.byzantine.count,
      random,
    });
  return {
    ...message,
    aggregate: attack(message.aggregate),
    groupModels: message.groupModels.map(attack),
  };
}

/** The receiver's view of its group's model; its own last model if memory holds none valid. */
function ownGroupModel(
  ctx: TurnContext,
  input: AggregationInput,
  position: number,
  batch: Samples,
): Weights {
  try {
    return select(ctx.model, (input.memories[position] as Memory).models(), batch).winner.weights;
  } catch (error) {
    if (!(error instanceof NoCandidateError)) throw error;
    return input.sent[position] as Weights;
  }
}

function testSet(ctx: TurnContext): Samples {
  const limit = ctx.spec.evalSamples ?? countOf(ctx.test);
  return limit >= countOf(ctx.test) ? ctx.test : pick(ctx.test, [...Array(limit).keys()]);
}

/**
 * One pass around the groups. The first hop carries the first group's model as its last S
 * nodes sent it at their latest turn. Receivers of group k (the first S of it) select among what
 * arrived, merge their own group's model (their selection over memory, which holds the models
 * of the group's last nodes) and send the result on to the first S nodes of group k + 1. The
 * last group's receivers hold the final aggregate and multicast it to every group's first S.
 */
export function aggregateAcrossGroups(input: AggregationInput): Aggregation {
  const { spans, contexts, plan } = input;
  const [firstSpan] = spans;
  if (firstSpan === undefined || spans.length < 2) {
    throw new RangeError('aggregation needs at least two groups');
  }
  const { memory, plus } = (contexts[0] as TurnContext).spec;
  const isByzantine = (p: number) => plan.byzantinePositions.includes(p);
  let inFlight: AggregateMessage[] = lastPositions(firstSpan, memory).map((p) => ({
    senderPosition: p,
    aggregate: input.sent[p] as Weights,
    groupModels: plus.aggregator === 'select-average' ? [] : [input.sent[p] as Weights],
  }));
  const hopMs: number[] = [];
  const choices: boolean[] = [];
  let held: { position: number; aggregate: Weights }[] = [];

  for (const [g, span] of spans.entries()) {
    if (g === 0) continue;
    const heard = inFlight;
    let slowest = 0;
    held = [];
    inFlight = firstPositions(span, memory).map((position) => {
      const started = performance.now();
      const ctx = contexts[position] as TurnContext;
      const batch = batchOf(ctx, rng(ctx.spec.seed, 'aggregate', ctx.nodeId, input.round));
      const own = ownGroupModel(ctx, input, position, batch);
      const merge = mergeAtReceiver({
        model: ctx.model,
        plus,
        receiverPosition: position,
        incoming: heard,
        own,
        k: g + 1,
        batch,
      });
      if (!ctx.byzantine && merge.chosenSender !== undefined) {
        choices.push(isByzantine(merge.chosenSender));
      }
      held.push({ position, aggregate: merge.message.aggregate });
      const out = ctx.byzantine ? attacked(ctx, merge.message, heard, input) : merge.message;
      slowest = Math.max(slowest, performance.now() - started);
      return out;
    });
    hopMs.push(slowest);
  }
  // The multicast costs one more hop; its receivers choose at their next turn.
  hopMs.push(0);

  const honestHeld = held.filter((h) => !isByzantine(h.position));
  const accuracies = honestHeld.map((h) => {
    const ctx = contexts[h.position] as TurnContext;
    return evaluate(ctx.model, h.aggregate, testSet(ctx)).accuracy;
  });
  const candidates: Candidate[] = inFlight.map((m) => ({
    senderPosition: m.senderPosition,
    round: input.turnRound,
    weights: m.aggregate,
  }));
  const entries = new Map(
    spans.flatMap((span) => firstPositions(span, memory).map((p) => [p, candidates] as const)),
  );
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  return {
    entries,
    hopMs,
    byzantineSelectionRate: choices.length === 0 ? 0 : mean(choices.map(Number)),
    aggregateAccuracyMean: accuracies.length === 0 ? Number.NaN : mean(accuracies),
  };
}
