// Runs ACDS among all nodes of this process with an in-memory queue, and builds each node's
// training data from its own samples and the shared pool.
import { concat, countOf, pick, type Samples } from '../data/samples.js';
import type { RingSpec } from '../spec/schema.js';
import { rng, shuffled } from '../util/random.js';
import { AcdsProtocolError, type AcdsLayout, type AcdsMessage } from './messages.js';
import {
  createParticipant,
  phaseOf,
  sharedCountOf,
  startAcds,
  stepAcds,
  type AcdsPhase,
  type ParticipantState,
} from './participant.js';
import { chooseShare } from './share-set.js';

/** The spec fields ACDS reads. */
export type AcdsRunSpec = Pick<RingSpec, 'seed' | 'acds'>;

/** One delivered message, in delivery order. */
export interface AcdsTraceEntry {
  readonly seq: number;
  readonly from: number;
  readonly to: number;
  readonly message: AcdsMessage;
}

/** What a run of ACDS left at every node. */
export interface AcdsResult {
  readonly layout: AcdsLayout;
  /** The union of every node's share, as each node holds it (indexed by node id). */
  readonly shared: readonly Samples[];
  /** Indices into the node's own samples that it shared. */
  readonly contributed: readonly (readonly number[])[];
  readonly sharedCounts: readonly number[];
  readonly phases: readonly AcdsPhase[];
  readonly trace: readonly AcdsTraceEntry[];
}

/**
 * Sharing groups over a seeded shuffle of the node ids: floor(N / n) groups of n, the last one
 * taking the remainder, so every group has at least n >= 3 nodes.
 */
export function sharingLayout(nodes: number, groupSize: number, seed: number): AcdsLayout {
  if (groupSize < 3 || groupSize > nodes) {
    throw new RangeError(`acds group size must be in [3, ${nodes}], got ${groupSize}`);
  }
  const order = shuffled([...Array(nodes).keys()], rng(seed, 'acds', 'groups'));
  const count = Math.floor(nodes / groupSize);
  return {
    groups: Array.from({ length: count }, (_, g) =>
      order.slice(g * groupSize, g === count - 1 ? nodes : (g + 1) * groupSize),
    ),
  };
}

/** One node's participant and the indices of its own samples it shares; seeded by node id. */
export function participantOf(
  local: Samples,
  node: number,
  spec: AcdsRunSpec,
  layout: AcdsLayout,
): { state: ParticipantState; contributed: number[] } {
  const { fraction, batchesPerNode } = spec.acds;
  const random = rng(spec.seed, 'acds', 'share', node);
  const indices = chooseShare(countOf(local), fraction, batchesPerNode, random);
  const chosen = new Set(indices.flat());
  const unshared = [...Array(countOf(local)).keys()].filter((i) => !chosen.has(i));
  const state = createParticipant({
    node,
    layout,
    seed: spec.seed,
    batches: indices.map((batch) => pick(local, batch)),
    dummySource: pick(local, unshared.length > 0 ? unshared : [...chosen]),
  });
  return { state, contributed: indices.flat() };
}

function participants(parts: readonly Samples[], spec: AcdsRunSpec, layout: AcdsLayout) {
  return parts.map((local, node) => participantOf(local, node, spec, layout));
}

/** Drives every participant to completion in delivery order; seeded, so runs repeat exactly. */
export function runAcdsInProcess(parts: readonly Samples[], spec: AcdsRunSpec): AcdsResult {
  const layout = sharingLayout(parts.length, spec.acds.groupSize, spec.seed);
  const nodes = participants(parts, spec, layout);
  const states: ParticipantState[] = nodes.map((n) => n.state);
  const queue: AcdsTraceEntry[] = [];
  const trace: AcdsTraceEntry[] = [];
  const send = (from: number, outgoing: ReturnType<typeof startAcds>['outgoing']) => {
    for (const { to, message } of outgoing) queue.push({ seq: 0, from, to, message });
  };
  states.forEach((state, node) => {
    const step = startAcds(state);
    states[node] = step.state;
    send(node, step.outgoing);
  });

  // Each share set visits a group H times and each pool reaches every node once or twice.
  const limit = parts.length * (spec.acds.batchesPerNode + 2 * layout.groups.length) + 1;
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    if (trace.length >= limit) throw new AcdsProtocolError(next.to, 'message budget exhausted');
    const delivered = { ...next, seq: trace.length };
    trace.push(delivered);
    const step = stepAcds(states[delivered.to] as ParticipantState, delivered);
    states[delivered.to] = step.state;
    send(delivered.to, step.outgoing);
  }

  const incomplete = states.find((state) => phaseOf(state) !== 'complete');
  if (incomplete !== undefined) {
    throw new AcdsProtocolError(incomplete.node, `stopped while ${phaseOf(incomplete)}`);
  }
  return {
    layout,
    shared: states.map((state) => concat(state.pools as Samples[])),
    contributed: nodes.map((n) => n.contributed),
    sharedCounts: states.map(sharedCountOf),
    phases: states.map(phaseOf),
    trace,
  };
}

/**
 * Each node's training data under ACDS: the samples it kept plus the whole shared pool, which
 * already holds its own shared samples, so none appears twice.
 */
// TODO(acds): Byzantine nodes share honestly here; ACDS protects against honest-but-curious
// peers only, and poisoned shared samples are not modelled yet.
export function withSharedData(parts: readonly Samples[], spec: AcdsRunSpec): Samples[] {
  if (!spec.acds.enabled) return [...parts];
  const { shared, contributed } = runAcdsInProcess(parts, spec);
  return parts.map((local, node) =>
    trainingDataOf(local, contributed[node] as number[], shared[node] as Samples),
  );
}

/** A node's training data once sharing is over: the samples it kept, then the whole pool. */
export function trainingDataOf(
  local: Samples,
  contributed: readonly number[],
  shared: Samples,
): Samples {
  const given = new Set(contributed);
  const kept = [...Array(countOf(local)).keys()].filter((i) => !given.has(i));
  return concat([pick(local, kept), shared]);
}
