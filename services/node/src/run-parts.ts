// What a run is built from: its turn context, and the optional parts its assignment asks for,
// the ACDS session when the spec shares data and the cross-group aggregation under Basil+.
import type { Logger } from 'pino';
import type { Memory } from '../../core/src/basil/memory.js';
import type { TurnContext } from '../../core/src/basil/turn.js';
import { loadData } from '../../core/src/data/dataset.js';
import { partition } from '../../core/src/data/partition.js';
import type { Samples } from '../../core/src/data/samples.js';
import { backendForModel } from '../../core/src/model/backend.js';
import type { Weights } from '../../core/src/model/weights.js';
import { initialWeights, modelDef } from '../../core/src/model/zoo.js';
import type { RunAssignment } from './assignment.js';
import { CrossGroup } from './cross-group.js';
import type { NodeMetrics } from './metrics.js';
import { SharingSession } from './sharing.js';
import type { Sender } from './successors.js';

/**
 * The run's turn context (its partition before any sharing, the test set and the model) and the
 * backend it trains on, which a convolutional model may have moved from WebAssembly to CPU.
 */
export async function loadTurnContext(
  assignment: RunAssignment,
): Promise<{ context: TurnContext; backend: string }> {
  const { spec } = assignment;
  const backend = await backendForModel(spec.model);
  const { train, test } = await loadData(spec);
  const data = partition(train, spec)[assignment.nodeIndex];
  if (data === undefined) throw new RangeError(`no partition ${assignment.nodeIndex}`);
  const model = modelDef(spec.model);
  const context = {
    spec,
    model,
    position: assignment.position,
    nodeId: assignment.nodeIndex,
    byzantine: assignment.byzantine,
    colluders: assignment.colluders,
    data,
    test,
    initial: initialWeights(model, spec.seed),
  };
  return { context, backend };
}

/** What both parts take from the node. */
interface PartDeps {
  readonly metrics: NodeMetrics;
}

/** The ACDS session of a run, or undefined (phase gauge 0) when the spec shares nothing. */
export function sharingFor(
  assignment: RunAssignment,
  deps: PartDeps,
  links: {
    sender: Sender;
    local: Samples;
    logger: Logger;
    onComplete: (data: Samples) => void;
    onFailed: (error: unknown) => void;
  },
): SharingSession | undefined {
  const { spec, nodeIndex, sharePeers } = assignment;
  if (!spec.acds.enabled) {
    deps.metrics.acdsPhase.set(0);
    return undefined;
  }
  return new SharingSession({
    ...links,
    spec,
    nodeIndex,
    peers: sharePeers,
    deadlineMs: spec.turnTimeoutMs,
    metrics: deps.metrics,
  });
}

/** The cross-group aggregation of a Basil+ run, or undefined for a plain ring. */
export function crossGroupFor(
  assignment: RunAssignment,
  deps: PartDeps,
  links: {
    sender: Sender;
    context: () => TurnContext;
    memory: () => Memory;
    maxMessageBytes: number;
    waitMs: number;
    logger: Logger;
    onMulticast: (round: number) => void;
    onMerged: (round: number, chosenSender: number, final: Promise<Weights> | undefined) => void;
  },
): CrossGroup | undefined {
  const { plus, spec, colluders } = assignment;
  if (plus === undefined) return undefined;
  return new CrossGroup({
    ...links,
    group: plus,
    byzantinePositions: colluders,
    roundsPerGlobalRound: spec.plus.roundsPerGlobalRound,
    deadlineMs: spec.turnTimeoutMs,
    metrics: deps.metrics,
  });
}
