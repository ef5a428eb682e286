// The in-process simulator: N nodes in one process taking turns with the node service's turn code.
// Under Basil+ the groups run one after another here, and the report adds up their cost as if
// they had run at once.
import { withSharedData } from '../acds/run.js';
import { loadData } from '../data/dataset.js';
import { partition } from '../data/partition.js';
import type { Samples } from '../data/samples.js';
import { initialWeights, modelDef } from '../model/zoo.js';
import type { Weights } from '../model/weights.js';
import type { RingSpec } from '../spec/schema.js';
import { planRing, roleAt, type RingPlan } from '../basil/plan.js';
import { groupSpans, scoresTurn } from '../basil/plus.js';
import { summarizeRound, type RoundResult, type TurnRecord } from '../basil/results.js';
import type { Candidate } from '../basil/selection.js';
import type { TurnContext, TurnOutcome } from '../basil/turn.js';
import { aggregateAcrossGroups, type Aggregation } from './aggregation.js';
import { emptyMemories, groupsOf, runGroupRound } from './group-rounds.js';

export { recordOf } from './group-rounds.js';

/** Callbacks for progress while a simulation runs. */
export interface SimulationObserver {
  onTurn?(outcome: TurnOutcome, durationMs: number): void;
  onRound?(result: SimulatedRound): void;
}

/** A round's figures plus what only the simulator can tell. */
export interface SimulatedRound extends RoundResult {
  /**
   * Basil+ only: wall clock had the groups run in parallel, the slowest group's summed turn time
   * plus the aggregation hops. A timing, so two runs of one spec differ here and only here.
   */
  readonly simulatedParallelSeconds?: number;
}

/** What a simulation produced. */
export interface SimulationResult {
  readonly plan: RingPlan;
  readonly rounds: readonly SimulatedRound[];
  /** Turn records; under Basil+ `round` is the global round. */
  readonly turns: readonly TurnRecord[];
  /** Mean wall-clock time of a turn, including evaluation. */
  readonly meanTurnMs: number;
}

/** Turn contexts of every position, built exactly as the node service builds its own. */
export function buildContexts(
  spec: RingSpec,
  plan: RingPlan,
  parts: readonly Samples[],
  test: Samples,
): TurnContext[] {
  const model = modelDef(spec.model);
  const initial = initialWeights(model, spec.seed);
  return plan.order.map((nodeId, position) => {
    const byzantine = roleAt(plan, position) === 'byzantine';
    return {
      spec,
      model,
      position,
      nodeId,
      byzantine,
      colluders: byzantine ? plan.byzantinePositions : [],
      data: parts[nodeId] as Samples,
      test,
      initial,
    };
  });
}

/**
 * A global round's figures: accuracies from the last round inside it (the models the
 * aggregation starts from), selections over all of its turns.
 */
function summarize(
  round: number,
  records: { all: readonly TurnRecord[]; last: readonly TurnRecord[] },
  byzantinePositions: readonly number[],
  groupMs: readonly number[],
  aggregation: Aggregation | undefined,
): SimulatedRound {
  const overall = summarizeRound(round, records.all, byzantinePositions);
  const hopsMs = aggregation?.hopMs.reduce((a, b) => a + b, 0) ?? 0;
  return {
    ...summarizeRound(round, records.last, byzantinePositions),
    byzantineSelectionRate: overall.byzantineSelectionRate,
    turns: overall.turns,
    timedOutTurns: overall.timedOutTurns,
    ...(groupMs.length === 1
      ? {}
      : { simulatedParallelSeconds: (Math.max(...groupMs) + hopsMs) / 1000 }),
    ...(aggregation === undefined
      ? {}
      : {
          ...(aggregation.aggregateAccuracyMean === undefined
            ? {}
            : { aggregateAccuracyMean: aggregation.aggregateAccuracyMean }),
          aggregationByzantineSelectionRate: aggregation.byzantineSelectionRate,
        }),
  };
}

/** Runs a whole ring in this process: plain Basil, or Basil+ when `plus.groups` > 1. */
export async function simulate(
  spec: RingSpec,
  observer: SimulationObserver = {},
): Promise<SimulationResult> {
  const plan = planRing(spec);
  const { train, test } = await loadData(spec);
  const contexts = buildContexts(spec, plan, withSharedData(partition(train, spec), spec), test);
  const spans = groupSpans(spec.nodes, spec.plus.groups);
  const groups = groupsOf(spans, contexts, plan);
  const perGlobal = spec.plus.roundsPerGlobalRound;
  let memories = emptyMemories(spans, spec.memory);
  let entries: ReadonlyMap<number, readonly Candidate[]> = new Map();
  const sent: Weights[] = contexts.map((ctx) => ctx.initial);
  const turns: TurnRecord[] = [];
  const rounds: SimulatedRound[] = [];
  let turnMs = 0;

  for (let round = 1; round <= spec.rounds; round++) {
    // A new global round starts from the multicast aggregate, not from the groups' old models.
    if (round > 1 && spans.length > 1) memories = emptyMemories(spans, spec.memory);
    const groupMs = spans.map(() => 0);
    const all: TurnRecord[] = [];
    let last: TurnRecord[] = [];
    let turnRound = (round - 1) * perGlobal;
    for (let inner = 1; inner <= perGlobal; inner++) {
      turnRound += 1;
      last = [];
      for (const [g, group] of groups.entries()) {
        const ran = runGroupRound({
          group,
          memories,
          turnRound,
          round,
          entries: inner === 1 ? entries : new Map(),
          scored: scoresTurn(inner, perGlobal),
          onTurn: observer.onTurn?.bind(observer),
        });
        ran.outcomes.forEach((outcome) => (sent[outcome.position] = outcome.outgoing));
        groupMs[g] = (groupMs[g] as number) + ran.ms;
        last.push(...ran.records);
      }
      all.push(...last);
    }
    // No aggregation follows the last global round: no group would start from it.
    const aggregation =
      spans.length > 1 && round < spec.rounds
        ? aggregateAcrossGroups({ plan, spans, contexts, memories, sent, turnRound, round })
        : undefined;
    entries = aggregation?.entries ?? new Map();
    turns.push(...all);
    turnMs += groupMs.reduce((a, b) => a + b, 0);
    const result = summarize(round, { all, last }, plan.byzantinePositions, groupMs, aggregation);
    rounds.push(result);
    observer.onRound?.(result);
    // Yield between rounds so signals and timers are served during long runs.
    await new Promise((resolve) => setImmediate(resolve));
  }
  return { plan, rounds, turns, meanTurnMs: turnMs / turns.length };
}
