// The local driver: runs a ring as N `basil node` processes on loopback, configures and starts
// them over gRPC, follows the run, and always takes every process down again, on success, on
// failure and on Ctrl-C alike.
import { setMaxListeners } from 'node:events';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import {
  aggregationPlaces,
  groupSpans,
  planRing,
  roleAt,
  type RingPlan,
  type RingSpec,
} from '../../../core/src/index.js';
import type { Assignment } from '../../../protocol/src/load.js';
import { planAssignments } from '../assignments.js';
import { ControlClient } from '../control-client.js';
import { RingFollower, type FollowResult, type RoundProgress } from '../follow.js';
import {
  LOCAL_NAMESPACE,
  nodeStateLabel,
  type NodeStateLabel,
  type OperatorMetrics,
} from '../metrics.js';
import { NodeProcess } from './children.js';
import { abortable, RunInterruptedError, watchSignals } from './interrupt.js';

/** A node of a local ring, as printed at start. */
export interface LocalNodeInfo {
  readonly position: number;
  readonly nodeIndex: number;
  readonly role: 'honest' | 'byzantine';
  readonly pid: number;
  readonly grpcAddress: string;
  readonly metricsAddress: string;
}

/** Settings and callbacks of a local run. */
export interface LocalRunOptions {
  /** Node logs go to `<runDir>/nodes/<position>.log`. */
  readonly runDir: string;
  readonly logger: Logger;
  readonly metrics?: OperatorMetrics;
  readonly pollIntervalMs?: number;
  readonly stopGraceMs?: number;
  readonly startupTimeoutMs?: number;
  /** trace, debug or info: the driver reads each node's address from an info line. */
  readonly nodeLogLevel?: 'trace' | 'debug' | 'info';
  /** Aborting it stops the run as Ctrl-C does. */
  readonly signal?: AbortSignal;
  onNodes?(nodes: readonly LocalNodeInfo[]): void;
  /** Called as the Start calls go out: the ring's own running time begins. */
  onStarted?(): void;
  onRound?(progress: RoundProgress): void;
  onReport?: ConstructorParameters<typeof RingFollower>[0]['onReport'];
}

/** What a local run produced. */
export interface LocalRunOutcome extends FollowResult {
  readonly ringId: string;
  readonly plan: RingPlan;
  readonly nodes: readonly LocalNodeInfo[];
  /** From process spawn to the end of the last turn. */
  readonly wallClockSeconds: number;
  /** From the Start calls to the end of the last turn: the ring's own running time. */
  readonly ringSeconds: number;
}

const EPOCH = 1;

const DEFAULTS = { pollIntervalMs: 200, stopGraceMs: 5_000, startupTimeoutMs: 180_000 };

/** Runs `spec` as a ring of local processes; see `LocalRunOptions`. */
export async function runLocalRing(
  spec: RingSpec,
  options: LocalRunOptions,
): Promise<LocalRunOutcome> {
  const settings = { ...DEFAULTS, ...options };
  const { logger, metrics } = options;
  const started = performance.now();
  const plan = planRing(spec);
  const ringId = `local-${process.pid}-${Date.now()}`;
  // A local run has no BasilRing: the ring id names it, as in its nodes' basil_node_info.
  const ring = { namespace: LOCAL_NAMESPACE, ring: ringId };
  const states: NodeStateLabel[] = plan.order.map(() => 'starting');
  const setState = (position: number, state: NodeStateLabel): void => {
    if (states[position] === 'dead') return;
    if (states[position] !== state) {
      logger.info({ position, from: states[position], to: state }, 'node state changed');
    }
    states[position] = state;
    metrics?.setNodeStates(ring, states);
  };
  const interrupt = watchSignals(options.signal);
  // Every starting node process listens for the interrupt, besides the driver's own waits.
  setMaxListeners(spec.nodes + 10, interrupt.signal);
  const children: NodeProcess[] = [];
  const clients: ControlClient[] = [];
  let spawned: Promise<NodeProcess>[] = [];
  let stopping = false;

  try {
    await mkdir(join(options.runDir, 'nodes'), { recursive: true });
    spawned = plan.order.map((_, position) =>
      NodeProcess.start({
        position,
        logFile: join(options.runDir, 'nodes', `${position}.log`),
        logLevel: settings.nodeLogLevel ?? 'info',
        startupTimeoutMs: settings.startupTimeoutMs,
        signal: interrupt.signal,
      }),
    );
    children.push(...(await abortable(Promise.all(spawned), interrupt.signal)));
    const nodes = nodeInfos(plan, children);
    options.onNodes?.(nodes);
    for (const { position, grpcAddress: address } of nodes) {
      clients.push(new ControlClient({ position, address }));
    }

    const follower = new RingFollower({
      sources: clients.map((client) => ({
        position: client.node.position,
        status: (from: number) => client.status(from),
      })),
      byzantinePositions: plan.byzantinePositions,
      rounds: spec.rounds,
      roundsPerGlobalRound: spec.plus.groups > 1 ? spec.plus.roundsPerGlobalRound : 1,
      ...(spec.plus.groups > 1
        ? { aggregation: aggregationPlaces(spec, plan.byzantinePositions) }
        : {}),
      intervalMs: settings.pollIntervalMs,
      stallTimeoutMs: Math.max(120_000, 4 * spec.turnTimeoutMs),
      signal: interrupt.signal,
      onRound: (progress) => {
        metrics?.recordRound(ring, progress.result, progress.skippedTurns);
        options.onRound?.(progress);
      },
      onReport: options.onReport,
      onStatus: (position, status) => setState(position, nodeStateLabel(status.state)),
      onPollError: (position, err) => logger.warn({ position, err }, 'status poll failed'),
    });
    for (const child of children) {
      void child.exited.then((exit) => {
        if (stopping) return;
        logger.warn({ position: child.position, ...exit }, 'node exited unexpectedly');
        setState(child.position, 'dead');
        follower.markDead(child.position);
      });
    }

    const addresses = nodes.map((node) => node.grpcAddress);
    const assignments = planAssignments({ spec, plan, addresses, ringId, epoch: EPOCH });
    const configured = clients.map((client, p) => client.configure(assignments[p] as Assignment));
    await abortable(Promise.all(configured), interrupt.signal);
    clients.forEach((_, position) => setState(position, 'configured'));
    // The first node of each group (position 0 of a plain ring) takes the first turn as soon as
    // it starts, so every other node starts first.
    const ringStarted = performance.now();
    options.onStarted?.();
    const openers = new Set(groupSpans(spec.nodes, spec.plus.groups).map((span) => span.start));
    const first = clients.filter((c) => openers.has(c.node.position));
    const others = clients.filter((c) => !openers.has(c.node.position));
    await abortable(Promise.all(others.map((c) => c.start(ringId, EPOCH))), interrupt.signal);
    await abortable(Promise.all(first.map((c) => c.start(ringId, EPOCH))), interrupt.signal);
    logger.info({ ringId, nodes: spec.nodes, rounds: spec.rounds }, 'ring started');

    const followed = await follower.run();
    const ended = performance.now();
    const wallClockSeconds = (ended - started) / 1000;
    const ringSeconds = (ended - ringStarted) / 1000;
    return { ...followed, ringId, plan, nodes, wallClockSeconds, ringSeconds };
  } finally {
    stopping = true;
    // Also abandons nodes still starting after another one failed to.
    interrupt.abort(new RunInterruptedError('run over'));
    interrupt.dispose();
    clients.forEach((client) => client.close());
    const settled = await Promise.allSettled(spawned);
    const all = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    await Promise.all(all.map((child) => child.stop(settings.stopGraceMs)));
    logger.info({ ringId }, 'ring stopped');
  }
}

export { RunInterruptedError };

function nodeInfos(plan: RingPlan, children: readonly NodeProcess[]): LocalNodeInfo[] {
  return children.map((child) => ({
    position: child.position,
    nodeIndex: plan.order[child.position] as number,
    role: roleAt(plan, child.position),
    pid: child.pid,
    grpcAddress: child.grpcAddress,
    metricsAddress: child.metricsAddress,
  }));
}
