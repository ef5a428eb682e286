// `npm run bench`: time per turn of the local ring against the simulator on one spec and seed,
// and model push throughput over loopback gRPC. Prints a table and writes bench/results.json.
import { readFile, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseRingSpec } from '../services/core/src/index.js';
import {
  measurePlus,
  PLUS_GROUPS,
  PLUS_REPETITIONS,
  PLUS_ROUNDS_PER_GLOBAL_ROUND,
  PLUS_SPEC_INPUT,
  type PlusFigures,
} from './plus.js';
import { BENCH_PARAMETERS, measurePush } from './push.js';
import { localTurns, simulatorTurns, type TurnFigures } from './turns.js';

const RESULTS = fileURLToPath(new URL('./results.json', import.meta.url));

/** `npm run bench -- --plus-only` runs only the Basil+ comparison and keeps the other figures. */
const PLUS_ONLY = process.argv.includes('--plus-only');

/** Basil+'s time to Basil's accuracy, as a share of Basil's time, that the bench aims for. */
const PLUS_TARGET_RATIO = 0.6;

/** Turn time the local ring may cost over the simulator's before the bench flags it. */
const TARGET_RATIO = 1.25;

const PUSHES = 40;

/**
 * Each mode runs this many times, alternating, and the fastest run of each counts: the machine
 * may be shared, and the fastest run is the one least disturbed by other work.
 */
const REPETITIONS = 2;

/**
 * A small ring: four nodes, one Gaussian attacker, a full-size perceptron turn, and enough
 * rounds that each node process is past its warm-up for most of its turns.
 */
const SPEC = parseRingSpec({
  nodes: 4,
  rounds: 20,
  seed: 7,
  dataset: { trainSize: 4800, testSize: 1000 },
  byzantine: { count: 1, placement: 'explicit', positions: [2] },
});

const ms = (value: number): string => `${value.toFixed(1)} ms`;

function turnTable(sim: TurnFigures, local: TurnFigures): string[] {
  const rows: [string, (f: TurnFigures) => number, string][] = [
    ['mean turn (selection to models delivered)', (f) => f.meanTurnMs, 'meanTurnMs'],
    ['mean turn, rounds 2 and later', (f) => f.warmTurnMs, 'warmTurnMs'],
    ['wall clock per turn', (f) => f.wallClockPerTurnMs, 'wallClockPerTurnMs'],
  ];
  const lines = rows.map(([label, get]) => {
    const ratio = get(local) / get(sim);
    return (
      `  ${label.padEnd(42)} ${ms(get(sim)).padStart(10)} ${ms(get(local)).padStart(10)}` +
      `  x${ratio.toFixed(2)}`
    );
  });
  return [
    `  ${''.padEnd(42)} ${'simulator'.padStart(10)} ${'local'.padStart(10)}  ratio`,
    ...lines,
    `  final honest accuracy: simulator ${sim.finalHonestAccuracy.toFixed(4)}, ` +
      `local ${local.finalHonestAccuracy.toFixed(4)}`,
  ];
}

const fastest = (runs: TurnFigures[]): TurnFigures =>
  runs.reduce((best, run) => (run.wallClockPerTurnMs < best.wallClockPerTurnMs ? run : best));

function plusLines(plus: PlusFigures): string[] {
  const seconds = (value: number | undefined) =>
    value === undefined ? 'not reached' : `${value.toFixed(1)} s`;
  const ratio = plus.ratio === undefined ? 'n/a' : plus.ratio.toFixed(2);
  const met = plus.ratio !== undefined && plus.ratio <= PLUS_TARGET_RATIO ? 'met' : 'NOT met';
  const projected = plus.projectedRatioOneCorePerNode;
  const list = (values: readonly (number | null)[]) =>
    values.map((v) => (v === null ? '-' : v.toFixed(1))).join(', ');
  return [
    `local ring of ${PLUS_SPEC_INPUT.nodes} processes on ${cpus().length} cores: ` +
      `Basil+ with ${PLUS_GROUPS} groups, ${PLUS_ROUNDS_PER_GLOBAL_ROUND} rounds per global ` +
      `round, vs Basil`,
    `  Basil, ${PLUS_SPEC_INPUT.rounds} rounds: ${seconds(plus.basilSeconds)}, ` +
      `final honest accuracy A = ${plus.targetAccuracy.toFixed(4)}`,
    `  Basil+ until its final aggregate scores A: ${seconds(plus.plusSecondsToTarget)} ` +
      `(global round ${plus.plusRoundsToTarget ?? '-'})`,
    `  ratio ${ratio}, target <= ${PLUS_TARGET_RATIO}: ${met}`,
    `  fastest of ${PLUS_REPETITIONS} runs each; every run: ` +
      `Basil ${list(plus.allRuns.basilSeconds)} s, ` +
      `Basil+ ${list(plus.allRuns.plusSecondsToTarget)} s`,
    `  projected with a core per node (not measured): ` +
      `${projected === undefined ? 'n/a' : projected.toFixed(2)}`,
  ];
}

async function turnsAndPush() {
  const simRuns: TurnFigures[] = [];
  const localRuns: TurnFigures[] = [];
  for (let i = 0; i < REPETITIONS; i++) {
    simRuns.push(await simulatorTurns(SPEC));
    localRuns.push(await localTurns(SPEC));
  }
  const sim = fastest(simRuns);
  const local = fastest(localRuns);
  const push = await measurePush(PUSHES);
  const ratio = local.warmTurnMs / sim.warmTurnMs;
  const wallRatio = local.wallClockPerTurnMs / sim.wallClockPerTurnMs;
  const verdict = (value: number): string => (value <= TARGET_RATIO ? 'met' : 'NOT met');

  console.log(
    `turns: N = ${SPEC.nodes}, S = ${SPEC.memory}, ${SPEC.rounds} rounds, seed ${SPEC.seed}`,
  );
  turnTable(sim, local).forEach((line) => console.log(line));
  console.log(
    `  target local / simulator <= ${TARGET_RATIO}: warm turn ${ratio.toFixed(2)} ` +
      `${verdict(ratio)}, wall clock ${wallRatio.toFixed(2)} ${verdict(wallRatio)}`,
  );
  console.log(`model push, ${BENCH_PARAMETERS.toLocaleString('en')} float32 parameters`);
  for (const p of push) {
    console.log(
      `  ${p.concurrency} at a time: ${p.megabytesPerSecond.toFixed(0)} MB/s, ` +
        `${ms(p.meanPushMs)} per push (${p.pushes} pushes of ${p.messageBytes} bytes)`,
    );
  }
  return {
    spec: SPEC,
    turns: {
      repetitions: REPETITIONS,
      simulator: sim,
      local,
      warmRatio: ratio,
      wallClockRatio: wallRatio,
      targetRatio: TARGET_RATIO,
      allRuns: { simulator: simRuns, local: localRuns },
    },
    push: { parameters: BENCH_PARAMETERS, patterns: push },
  };
}

/** The figures of an earlier full bench, kept by `--plus-only`; none before the first one. */
async function previousResults(): Promise<Record<string, unknown>> {
  try {
    return JSON.parse(await readFile(RESULTS, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw error;
  }
}

const previous = PLUS_ONLY ? await previousResults() : {};
const others = PLUS_ONLY ? {} : await turnsAndPush();
const plus = await measurePlus();
plusLines(plus).forEach((line) => console.log(line));

const results = {
  ...previous,
  machine: { cpus: cpus().length, node: process.version },
  ...others,
  plus: {
    spec: PLUS_SPEC_INPUT,
    groups: PLUS_GROUPS,
    roundsPerGlobalRound: PLUS_ROUNDS_PER_GLOBAL_ROUND,
    targetRatio: PLUS_TARGET_RATIO,
    ...plus,
  },
};
await writeFile(RESULTS, `${JSON.stringify(results, null, 2)}\n`);
console.log(`wrote ${RESULTS}`);
