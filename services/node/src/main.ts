// Entry point of the ring node: wires config, logger, metrics, state and servers together.
// Logs are JSON with constant messages; everything that varies goes into fields, named from one
// set so queries across nodes stay simple: nodeId, ringId, epoch, position, nodeIndex,
// byzantine, round, sender, senderId, selectedRound, passesTurn, timedOut, acked, peer, reason,
// from, to, backend, bytes, trainSeconds, durationSeconds, code, details, method, grpcAddress,
// metricsAddress, signal, err. Model payloads are never logged.
import { pino, type DestinationStream, type Logger } from 'pino';
import { initBackend } from '../../core/src/model/backend.js';
import { systemClock, type Clock } from './turn-loop.js';
import { ConfigError, loadConfig, type LogLevel, type NodeOverrides } from './config.js';
import { ListenError } from './errors.js';
import { Control } from './control.js';
import { Health } from './health.js';
import { NodeMetrics } from './metrics.js';
import { NodeCore } from './node-core.js';
import { ringNodeHandlers, ringNodeService } from './ring-node.js';
import {
  crossGroupHandlers,
  crossGroupService,
  dataShareHandlers,
  dataShareService,
} from './share-service.js';
import { closeGrpc, closeMetrics, listenGrpc, listenMetrics } from './server.js';

/** How long calls in flight may take to finish once the servers close. */
const SHUTDOWN_GRACE_MS = 5000;

/** Settings of `runNode`; each wins over its BASIL_* environment variable. */
export interface RunNodeOptions {
  grpcPort?: number;
  metricsPort?: number;
  host?: string;
  logLevel?: string;
  nodeId?: string;
  /** Shut down when standard input closes: set by a parent that owns this process. */
  exitWithParent?: boolean;
}

/** Settings of `startNode`: those of `runNode`, plus what tests inject. */
export interface StartNodeOptions extends RunNodeOptions {
  clock?: Clock;
  logDestination?: DestinationStream;
  env?: NodeJS.ProcessEnv;
}

/** A running node, for tests and for `runNode`. */
export interface NodeHandle {
  readonly grpcAddress: string;
  readonly metricsAddress: string;
  readonly metrics: NodeMetrics;
  readonly logger: Logger;
  /** Reports NOT_SERVING, refuses pushes and waits for the current turn's sends. */
  drain(): Promise<void>;
  /** Drains, then closes both servers. */
  close(): Promise<void>;
}

/** Starts a node: backend, metrics, gRPC and metrics servers. Throws ConfigError on bad input. */
export async function startNode(options: StartNodeOptions = {}): Promise<NodeHandle> {
  const { clock = systemClock, logDestination, env, ...overrides } = options;
  const config = loadConfig(overrides as NodeOverrides, env);
  const logger = createLogger(config.logLevel, config.nodeId, logDestination);
  const backend = await initBackend();
  logger.info({ backend }, 'backend selected');

  const metrics = new NodeMetrics();
  const health = new Health();
  const core = new NodeCore({ nodeId: config.nodeId, backend, clock, logger, metrics });
  const control = new Control(core);
  const grpcServer = await listenGrpc(config.host, config.grpcPort, {
    ringNode: { definition: ringNodeService(), handlers: ringNodeHandlers(core) },
    control: control.handlers(),
    health: health.handlers(),
    peers: [
      { definition: dataShareService(), handlers: dataShareHandlers(core) },
      { definition: crossGroupService(), handlers: crossGroupHandlers(core) },
    ],
  });
  const metricsServer = await listenMetrics(
    config.host,
    config.metricsPort,
    metrics.registry,
  ).catch(async (error: unknown) => {
    await closeGrpc(grpcServer.server, 0);
    throw error;
  });
  health.set('SERVING');
  const grpcAddress = grpcServer.address;
  const metricsAddress = metricsServer.address;
  logger.info({ grpcAddress, metricsAddress }, 'node listening');

  let draining: Promise<void> | undefined;
  const drain = (): Promise<void> => {
    health.set('NOT_SERVING');
    draining ??= core.drain();
    return draining;
  };
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= drain().then(async () => {
      await closeGrpc(grpcServer.server, SHUTDOWN_GRACE_MS);
      await closeMetrics(metricsServer.server);
      logger.info('node stopped');
    });
    return closing;
  };
  return { grpcAddress, metricsAddress, metrics, logger, drain, close };
}

/** A JSON logger for one node process; `destination` defaults to standard output. */
export function createLogger(
  level: LogLevel,
  nodeId: string,
  destination?: DestinationStream,
): Logger {
  const options = {
    level,
    base: { service: 'basil-node', nodeId },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  return destination === undefined ? pino(options) : pino(options, destination);
}

/** The first SIGTERM or SIGINT. A second one meets Node's default and ends the process at once. */
function waitForSignal(exitWithParent: boolean): Promise<string> {
  return new Promise((resolve) => {
    const onSignal = (signal: string): void => {
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
      // A stdin still read would keep the process alive after a clean shutdown.
      if (exitWithParent) process.stdin.destroy();
      resolve(signal);
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
    // A parent that dies, even by SIGKILL, closes the pipe: the node must not outlive it.
    if (exitWithParent) {
      process.stdin.once('close', () => onSignal('parent-gone'));
      process.stdin.resume();
    }
  });
}

/**
 * Runs a node until SIGTERM or SIGINT, then drains and closes it. Resolves to the exit code:
 * 0 after a clean shutdown, 2 for a bad setting, 1 when the node could not start.
 */
export async function runNode(options: RunNodeOptions = {}): Promise<number> {
  let node: NodeHandle;
  try {
    node = await startNode(options);
  } catch (error) {
    // Past a ConfigError the settings did load, so the node id they name is known.
    const nodeId =
      error instanceof ConfigError
        ? (options.nodeId ?? 'unknown')
        : loadConfig(options as NodeOverrides).nodeId;
    const logger = createLogger('info', nodeId);
    if (error instanceof ConfigError) {
      logger.fatal({ details: error.message }, 'invalid configuration');
      return 2;
    }
    if (error instanceof ListenError) {
      logger.fatal({ details: error.message }, 'cannot listen');
      return 1;
    }
    logger.fatal({ err: error }, 'node failed to start');
    return 1;
  }
  const signal = await waitForSignal(options.exitWithParent === true);
  node.logger.info({ signal }, 'shutting down');
  await node.close();
  return 0;
}
