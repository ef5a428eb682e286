// `basil run`: the ring as local node processes on loopback, driven over gRPC by the operator's
// local driver, with a run folder of logs, results and charts.
import { constants } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { loadData, type BackendName, type RingSpec } from '../../../core/src/index.js';
import { ControlError } from '../../../operator/src/control-client.js';
import { NodeFailedError, RingStalledError } from '../../../operator/src/follow.js';
import { NodeStartError } from '../../../operator/src/local/children.js';
import {
  runLocalRing,
  RunInterruptedError,
  type LocalNodeInfo,
  type LocalRunOutcome,
} from '../../../operator/src/local/driver.js';
import { OperatorMetrics, serveMetrics } from '../../../operator/src/metrics.js';
import { memoryWarning, roundLine, summaryTable } from '../report/console.js';
import { prepareOutDir, writeResults, type RunResults } from '../report/results.js';

/** Options of `basil run`. */
export interface RunOptions {
  /** Run folder; default `runs/<timestamp>` under the working directory. */
  readonly out?: string;
}

/** Exit code of a run stopped by a signal, as shells report one: 128 plus its number. */
const interruptedExit = (signal: NodeJS.Signals | undefined): number =>
  128 + (constants.signals[signal ?? 'SIGINT'] ?? constants.signals.SIGINT);

/** Failures of the ring itself (not of the user's input): one line, exit code 1. */
const RING_ERRORS = [ControlError, NodeFailedError, NodeStartError, RingStalledError];

/** A folder name that sorts by time and is valid on every file system. */
export function runFolderName(now: Date): string {
  return now
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replaceAll(':', '-');
}

function nodeLine(node: LocalNodeInfo): string {
  return [
    `node ${String(node.position).padStart(2)}`,
    node.role.padEnd(9),
    `pid ${node.pid}`,
    `grpc ${node.grpcAddress}`,
    `metrics http://${node.metricsAddress}/metrics`,
  ].join('  ');
}

/** The results file of a local run; the same fields as a simulation's. */
export function localResults(spec: RingSpec, outcome: LocalRunOutcome): RunResults {
  return {
    mode: 'local',
    backend: outcome.backend as BackendName,
    spec,
    plan: outcome.plan,
    rounds: outcome.rounds,
    final: outcome.rounds.at(-1) as RunResults['final'],
    totals: outcome.totals,
    meanTurnMs: outcome.meanTurnMs,
    wallClockSeconds: outcome.wallClockSeconds,
  };
}

/** Runs the ring as local processes, prints progress and a summary, and writes the run folder. */
export async function runCommand(spec: RingSpec, options: RunOptions = {}): Promise<number> {
  // User files are checked here, so a bad one ends with one line before any node starts.
  if (spec.dataset.name !== 'mnist-bundled') await loadData(spec);
  const runDir = options.out ?? join('runs', runFolderName(new Date()));
  await prepareOutDir(runDir);
  const logFile = join(runDir, 'operator.log');
  const logger = pino(
    { base: { service: 'basil-operator' }, timestamp: pino.stdTimeFunctions.isoTime },
    pino.destination({ dest: logFile, mkdir: true, sync: true }),
  );
  const metrics = new OperatorMetrics();
  const endpoint = await serveMetrics(metrics.registry, '127.0.0.1', 0);
  console.log(`basil run: ${spec.nodes} node processes, ${spec.rounds} rounds, folder ${runDir}`);
  console.log(`operator metrics http://${endpoint.address}/metrics`);
  const warning = memoryWarning(spec);
  if (warning !== undefined) console.log(warning);

  try {
    const outcome = await runLocalRing(spec, {
      runDir,
      logger,
      metrics,
      onNodes: (nodes) => nodes.forEach((node) => console.log(nodeLine(node))),
      onRound: ({ result, meanTurnMs }) => console.log(roundLine(result, spec.rounds, meanTurnMs)),
    });
    const results = localResults(spec, outcome);
    console.log(summaryTable(results));
    const files = await writeResults(runDir, results);
    console.log(`wrote ${files.join(', ')}; node logs in ${join(runDir, 'nodes')}`);
    return 0;
  } catch (error) {
    if (error instanceof RunInterruptedError) {
      console.error(`basil run: ${error.message}; every node process was stopped`);
      return interruptedExit(error.signal);
    }
    if (RING_ERRORS.some((kind) => error instanceof kind)) {
      logger.error({ err: error }, 'run failed');
      console.error(`basil run: ${(error as Error).message} (logs in ${runDir})`);
      return 1;
    }
    throw error;
  } finally {
    await endpoint.close();
  }
}
