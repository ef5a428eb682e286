// One turn of Basil at one node: select from memory, train, attack if Byzantine, evaluate.
// The simulator and the node service both call `takeTurn`, so they train identically.
import { countOf, pick, type Samples } from '../data/samples.js';
import { evaluate, sgdSteps } from '../model/learner.js';
import { weightsProblem, type Weights } from '../model/weights.js';
import type { ModelDef } from '../model/zoo.js';
import type { RingSpec } from '../spec/schema.js';
import { applyAttack, flipsLabels } from '../attacks/model-attacks.js';
import { rng, type Random } from '../util/random.js';
import type { Memory } from './memory.js';
import { drain, type Steps } from '../util/steps.js';
import { INITIAL_SENDER, NoCandidateError, selectSteps, type Candidate } from './selection.js';

/** Everything fixed about a node for a run. */
export interface TurnContext {
  readonly spec: RingSpec;
  readonly model: ModelDef;
  readonly position: number;
  /** Id of the node's data partition; also labels its random streams. */
  readonly nodeId: number;
  readonly byzantine: boolean;
  /** Positions of fellow attackers, known to Byzantine nodes only (empty for honest ones). */
  readonly colluders: readonly number[];
  /** Training data: the node's partition, plus the shared pool under ACDS. */
  readonly data: Samples;
  readonly test: Samples;
  readonly initial: Weights;
}

/** Accuracy and loss of a model on the test set. */
export interface Score {
  readonly accuracy: number;
  readonly loss: number;
}

/** What a turn decided and produced. */
export interface TurnOutcome {
  readonly round: number;
  readonly position: number;
  /** Sender of the selected model; INITIAL_SENDER for the initial model. */
  readonly selectedSender: number;
  readonly selectedRound: number;
  readonly selectedLoss: number;
  readonly rejected: readonly { senderPosition: number; reason: string }[];
  readonly trained: Weights;
  /** What goes to the successors: the trained model, or the attack's output. */
  readonly outgoing: Weights;
  /** The model the selection picked, which an honest node reports. */
  readonly selected: Weights;
  /** Honest nodes only: the selected model's score and the own trained model's score. */
  readonly report?: { readonly selected: Score; readonly own: Score };
}

/** Learning rate for a round: constant, or eta0 / (1 + eta0 * k) with k = round - 1. */
export function learningRateAt(spec: RingSpec, round: number): number {
  const eta = spec.learningRate;
  return spec.learningRateSchedule === 'constant' ? eta : eta / (1 + eta * (round - 1));
}

function sampleBatch(data: Samples, size: number, random: Random, flip: boolean): Samples {
  const n = countOf(data);
  const batch = pick(
    data,
    Array.from({ length: size }, () => random.int(n)),
  );
  if (flip) batch.y.forEach((label, i) => (batch.y[i] = data.classes - 1 - label));
  return batch;
}

function candidatesOf(
  ctx: TurnContext,
  memory: Memory,
  round: number,
  entry: readonly Candidate[],
): Candidate[] {
  const held: Candidate[] = [...memory.models(), ...entry];
  if (round === 1 || held.length === 0) {
    held.push({ senderPosition: INITIAL_SENDER, round: 0, weights: ctx.initial });
  }
  return held;
}

function* choose(ctx: TurnContext, candidates: Candidate[], round: number) {
  if (ctx.spec.method === 'r-plain') {
    // No ranking, but an invalid model still cannot be trained on: continue from the latest valid.
    const latest = candidates.find(
      (c) => weightsProblem(c.weights, ctx.model.manifest) === undefined,
    );
    if (latest === undefined) throw new NoCandidateError('r-plain: nothing valid to continue from');
    return { winner: latest, winnerLoss: Number.NaN, rejected: [] };
  }
  const batch = sampleBatch(
    ctx.data,
    ctx.spec.selectionBatchSize,
    rng(ctx.spec.seed, 'select', ctx.nodeId, round),
    false,
  );
  try {
    return yield* selectSteps(ctx.model, candidates, batch);
  } catch (error) {
    if (!(error instanceof NoCandidateError)) throw error;
    // Every held model was invalid: continue from the common initial model rather than stall.
    const initial = { senderPosition: INITIAL_SENDER, round: 0, weights: ctx.initial };
    return { ...(yield* selectSteps(ctx.model, [initial], batch)), rejected: [] };
  }
}

/**
 * Runs the node's turn for `round` with what its memory holds, plus `entry`: models that arrived
 * outside the ring order (Basil+'s cross-group aggregate), ranked after the memory's.
 */
export function takeTurn(
  ctx: TurnContext,
  memory: Memory,
  round: number,
  entry: readonly Candidate[] = [],
): TurnOutcome {
  return drain(turnSteps(ctx, memory, round, entry));
}

/** `takeTurn`, yielding between candidates, SGD steps and evaluations. */
export function* turnSteps(
  ctx: TurnContext,
  memory: Memory,
  round: number,
  entry: readonly Candidate[] = [],
): Steps<TurnOutcome> {
  const outcome = yield* trainSteps(ctx, memory, round, entry);
  return yield* scoreSteps(ctx, outcome);
}

/**
 * The part of a turn its successors wait for: selection, training and the attack. A node can
 * pass the turn on before `scoreSteps` evaluates, keeping evaluation off the ring's path.
 */
export function* trainSteps(
  ctx: TurnContext,
  memory: Memory,
  round: number,
  entry: readonly Candidate[] = [],
): Steps<TurnOutcome> {
  const candidates = candidatesOf(ctx, memory, round, entry);
  const selection = yield* choose(ctx, candidates, round);

  const flip = ctx.byzantine && flipsLabels(ctx.spec.byzantine.attack, round);
  const trainRandom = rng(ctx.spec.seed, 'train', ctx.nodeId, round);
  const batches = Array.from({ length: ctx.spec.localSteps }, () =>
    sampleBatch(ctx.data, ctx.spec.batchSize, trainRandom, flip),
  );
  const trained = yield* sgdSteps(
    ctx.model,
    selection.winner.weights,
    batches,
    learningRateAt(ctx.spec, round),
  );

  return {
    round,
    position: ctx.position,
    selectedSender: selection.winner.senderPosition,
    selectedRound: selection.winner.round,
    selectedLoss: selection.winnerLoss,
    rejected: 'rejected' in selection ? selection.rejected : [],
    trained,
    outgoing: ctx.byzantine ? attack(ctx, memory, round, trained) : trained,
    selected: selection.winner.weights,
  };
}

/** The test samples a node scores models on: the first `evalSamples` of its test set. */
export function evaluationSet(ctx: TurnContext): Samples {
  const limit = ctx.spec.evalSamples ?? countOf(ctx.test);
  return limit >= countOf(ctx.test) ? ctx.test : pick(ctx.test, [...Array(limit).keys()]);
}

/** Adds an honest node's report: the test scores of its selected and its trained model. */
export function* scoreSteps(ctx: TurnContext, outcome: TurnOutcome): Steps<TurnOutcome> {
  if (ctx.byzantine) return outcome;
  const test = evaluationSet(ctx);
  const selected = evaluate(ctx.model, outcome.selected, test);
  yield;
  return { ...outcome, report: { selected, own: evaluate(ctx.model, outcome.trained, test) } };
}

function attack(ctx: TurnContext, memory: Memory, round: number, honest: Weights): Weights {
  const honestReceived = memory
    .models()
    .filter((m) => !ctx.colluders.includes(m.senderPosition))
    .map((m) => m.weights);
  return applyAttack(ctx.spec.byzantine.attack, {
    honest,
    honestReceived,
    round,
    nodes: ctx.spec.nodes,
    byzantineCount: ctx.spec.byzantine.count,
    random: rng(ctx.spec.seed, 'attack', ctx.nodeId, round),
  });
}
