// The ring plan: which node sits at each position and which positions act Byzantine. Pure and
// seeded, so the simulator, the local driver and the Kubernetes driver all agree.
import type { RingSpec } from '../spec/schema.js';
import { rng, shuffled } from '../util/random.js';

/** Role of one ring position. */
export type RoleKind = 'honest' | 'byzantine';

/** The ring order and roles of a run. */
export interface RingPlan {
  /** `order[position]` is the id of the node (and of its data partition) at that position. */
  readonly order: readonly number[];
  /** Byzantine ring positions, ascending. */
  readonly byzantinePositions: readonly number[];
}

function byzantinePositions(spec: RingSpec): number[] {
  const { count, placement, positions } = spec.byzantine;
  const random = rng(spec.seed, 'placement');
  if (placement === 'explicit') return [...positions];
  if (placement === 'consecutive') {
    const start = random.int(spec.nodes);
    return Array.from({ length: count }, (_, i) => (start + i) % spec.nodes);
  }
  const all = Array.from({ length: spec.nodes }, (_, p) => p);
  return shuffled(all, random).slice(0, count);
}

/** Plans order and roles from the spec's seed. */
export function planRing(spec: RingSpec): RingPlan {
  const ids = Array.from({ length: spec.nodes }, (_, id) => id);
  return {
    order: shuffled(ids, rng(spec.seed, 'order')),
    byzantinePositions: byzantinePositions(spec).sort((a, b) => a - b),
  };
}

/** Role of the node at `position`. */
export function roleAt(plan: RingPlan, position: number): RoleKind {
  return plan.byzantinePositions.includes(position) ? 'byzantine' : 'honest';
}

/** Positions `p+1 .. p+count` (mod n). */
export function successorsOf(position: number, count: number, nodes: number): number[] {
  return Array.from({ length: count }, (_, i) => (position + i + 1) % nodes);
}

/** Positions `p-1 .. p-count` (mod n), nearest first. */
export function predecessorsOf(position: number, count: number, nodes: number): number[] {
  return Array.from({ length: count }, (_, i) => (((position - i - 1) % nodes) + nodes) % nodes);
}

/**
 * Union bound, over honest nodes, of the chance that all S predecessors of one are Byzantine
 * under random placement: (N - b) * prod_{j<S} (b - j) / (N - 1 - j). Zero once S > b.
 */
export function memoryFailureBound(nodes: number, byzantine: number, memory: number): number {
  let perNode = 1;
  for (let j = 0; j < memory; j++) perNode *= Math.max(0, byzantine - j) / (nodes - 1 - j);
  return Math.min(1, (nodes - byzantine) * perNode);
}
