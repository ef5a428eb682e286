// `basil simulate`: the whole ring in this process.
import { backendForModel, simulate, type RingSpec } from '../../../core/src/index.js';
import { memoryWarning, roundLine, summaryTable } from '../report/console.js';
import { prepareOutDir, writeResults, type RunResults } from '../report/results.js';

/** Runs the simulator, prints progress and a summary, and writes results when `out` is set. */
export async function simulateCommand(spec: RingSpec, out: string | undefined): Promise<number> {
  if (out !== undefined) await prepareOutDir(out);
  const backend = await backendForModel(spec.model);
  console.log(`basil simulate: ${spec.nodes} nodes, ${spec.rounds} rounds, backend ${backend}`);
  const warning = memoryWarning(spec);
  if (warning !== undefined) console.log(warning);
  const started = performance.now();
  let roundMs = 0;
  let roundTurns = 0;
  const result = await simulate(spec, {
    onTurn: (_outcome, durationMs) => {
      roundMs += durationMs;
      roundTurns += 1;
    },
    onRound: (round) => {
      console.log(roundLine(round, spec.rounds, roundMs / roundTurns));
      roundMs = 0;
      roundTurns = 0;
    },
  });
  const results: RunResults = {
    mode: 'simulate',
    backend,
    spec,
    plan: result.plan,
    rounds: result.rounds,
    final: result.rounds.at(-1) as RunResults['final'],
    totals: {
      turnsTaken: result.turns.length,
      turnsTimedOut: 0,
      turnsSkipped: 0,
      rejectedModels: {},
    },
    meanTurnMs: result.meanTurnMs,
    wallClockSeconds: (performance.now() - started) / 1000,
  };
  console.log(summaryTable(results));
  if (out !== undefined) {
    const files = await writeResults(out, results);
    console.log(`wrote ${files.join(', ')}`);
  }
  return 0;
}
