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
import { mean } from '../basil/results.js';
import { NoCandidateError, select, type Candidate } from '../basil/selection.js';
import { evaluationSet, type TurnContext } from '../basil/turn.js';
import { countOf, pick, type Samples } from '../data/samples.js';
import { evaluate } from '../model/learner.js';
import type { Weights } from '../model/weights.js';
import { rng, type Random } from '../util/random.js';
import type { PlusSpec } from '../spec/schema.js';

/** What one aggregation produced. */
export interface Aggregation {
  /** By ring position: the final aggregates multicast to the first S nodes of every group. */
  readonly entries: ReadonlyMap<number, readonly Candidate[]>;
  /** Per hop, the slowest receiver's work: hops run one after another. */
  readonly hopMs: readonly number[];
  /** Share of honest receivers' choices that came from a Byzantine sender. */
  readonly byzantineSelectionRate: number;
  /**
   * Mean test accuracy of the final aggregate held by each honest node of the last group;
   * undefined when every holder is Byzantine, as between processes, where none would report it.
   */
  readonly aggregateAccuracyMean: number | undefined;
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

/** What one receiver of the circular aggregation knows when the previous group's models arrive. */
export interface ReceiverInput {
  /** The receiver's turn context, colluders given as ring positions. */
  readonly ctx: TurnContext;
  /** The receiver's memory at the end of its group's last round. */
  readonly memory: Memory;
  /** What the receiver sent at its latest turn: its group model if memory holds none valid. */
  readonly sent: Weights;
  /** Messages from the previous group, in the order the aggregation ranks them. */
  readonly heard: readonly AggregateMessage[];
  /** 1-based place of the receiver's group in the pass. */
  readonly k: number;
  readonly byzantinePositions: readonly number[];
  readonly turnRound: number;
  readonly round: number;
}

/** What one receiver decided and sends on (its attack applied when it is Byzantine). */
export interface ReceiverOutput {
  readonly chosenSender: number | undefined;
  /** The aggregate the receiver holds (before any attack). */
  readonly aggregate: Weights;
  readonly outgoing: AggregateMessage;
}

/** A Byzantine sender applies its attack to everything it sends, also between groups. */
function attacked(input: ReceiverInput, message: AggregateMessage): AggregateMessage {
  const { ctx } = input;
  const { spec } = ctx;
  const random = rng(spec.seed, 'attack', 'aggregate', ctx.nodeId, input.round);
  const honestReceived = input.heard
    .filter((m) => !input.byzantinePositions.includes(m.senderPosition))
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
function ownGroupModel(input: ReceiverInput, batch: Samples): Weights {
  try {
    return select(input.ctx.model, input.memory.models(), batch).winner.weights;
  } catch (error) {
    if (!(error instanceof NoCandidateError)) throw error;
    return input.sent;
  }
}

/**
 * One receiver's step: select among what arrived from the previous group, merge its own group's
 * model (its selection over memory) and, if Byzantine, attack what it sends on. The simulator
 * and the node service both call it, so they aggregate identically.
 */
export function receiveAggregate(input: ReceiverInput): ReceiverOutput {
  const { ctx } = input;
  const batch = batchOf(ctx, rng(ctx.spec.seed, 'aggregate', ctx.nodeId, input.round));
  const own = ownGroupModel(input, batch);
  const merge = mergeAtReceiver({
    model: ctx.model,
    plus: ctx.spec.plus,
    receiverPosition: ctx.position,
    incoming: input.heard,
    own,
    k: input.k,
    batch,
  });
  const outgoing = ctx.byzantine ? attacked(input, merge.message) : merge.message;
  return { chosenSender: merge.chosenSender, aggregate: merge.message.aggregate, outgoing };
}

/** The messages the last S nodes of group 0 open an aggregation with: what they last sent. */
export function openingMessages(
  positions: readonly number[],
  sent: readonly Weights[],
  plus: PlusSpec,
): AggregateMessage[] {
  return positions.map((p) => ({
    senderPosition: p,
    aggregate: sent[p] as Weights,
    groupModels: plus.aggregator === 'select-average' ? [] : [sent[p] as Weights],
  }));
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
  let inFlight = openingMessages(lastPositions(firstSpan, memory), input.sent, plus);
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
      const received = receiveAggregate({
        ctx,
        memory: input.memories[position] as Memory,
        sent: input.sent[position] as Weights,
        heard,
        k: g + 1,
        byzantinePositions: plan.byzantinePositions,
        turnRound: input.turnRound,
        round: input.round,
      });
      if (!ctx.byzantine && received.chosenSender !== undefined) {
        choices.push(isByzantine(received.chosenSender));
      }
      held.push({ position, aggregate: received.aggregate });
      const out = received.outgoing;
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
    return evaluate(ctx.model, h.aggregate, evaluationSet(ctx)).accuracy;
  });
  const candidates: Candidate[] = inFlight.map((m) => ({
    senderPosition: m.senderPosition,
    round: input.turnRound,
    weights: m.aggregate,
  }));
  const entries = new Map(
    spans.flatMap((span) => firstPositions(span, memory).map((p) => [p, candidates] as const)),
  );
  return {
    entries,
    hopMs,
    byzantineSelectionRate: choices.length === 0 ? 0 : mean(choices.map(Number)),
    aggregateAccuracyMean: accuracies.length === 0 ? undefined : mean(accuracies),
  };
}
