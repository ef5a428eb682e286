// The in-process simulator: N nodes in one process taking turns with the node service's turn code.
import { loadData } from '../data/dataset.js';
import { partition } from '../data/partition.js';
import type { Samples } from '../data/samples.js';
import { initialWeights, modelDef } from '../model/zoo.js';
import type { RingSpec } from '../spec/schema.js';
import { Memory } from '../basil/memory.js';
import { planRing, roleAt, successorsOf, type RingPlan } from '../basil/plan.js';
import { summarizeRound, type RoundResult, type TurnRecord } from '../basil/results.js';
import { takeTurn, type TurnContext, type TurnOutcome } from '../basil/turn.js';

/** Callbacks for progress while a simulation runs. */
export interface SimulationObserver {
  onTurn?(outcome: TurnOutcome, durationMs: number): void;
  onRound?(result: RoundResult): void;
}

/** What a simulation produced. */
export interface SimulationResult {
  readonly plan: RingPlan;
  readonly rounds: readonly RoundResult[];
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

/** Runs a whole ring in this process. */
export async function simulate(
  spec: RingSpec,
  observer: SimulationObserver = {},
): Promise<SimulationResult> {
  const plan = planRing(spec);
  const { train, test } = await loadData(spec);
  const contexts = buildContexts(spec, plan, partition(train, spec), test);
  const memories = contexts.map((ctx) => new Memory(ctx.position, spec.memory, spec.nodes));
  const turns: TurnRecord[] = [];
  const rounds: RoundResult[] = [];
  let turnMs = 0;

  for (let round = 1; round <= spec.rounds; round++) {
    for (const ctx of contexts) {
      const started = performance.now();
      const outcome = takeTurn(ctx, memories[ctx.position] as Memory, round);
      for (const successor of successorsOf(ctx.position, spec.memory, spec.nodes)) {
        const weights = outcome.outgoing;
        memories[successor]?.store({ senderPosition: ctx.position, round, weights });
      }
      const durationMs = performance.now() - started;
      turnMs += durationMs;
      turns.push(recordOf(outcome, false));
      observer.onTurn?.(outcome, durationMs);
    }
    const result = summarizeRound(round, turns, plan.byzantinePositions);
    rounds.push(result);
    observer.onRound?.(result);
    // Yield between rounds so signals and timers are served during long runs.
    await new Promise((resolve) => setImmediate(resolve));
  }
  return { plan, rounds, turns, meanTurnMs: turnMs / turns.length };
}
