// Splits a training set across the nodes of a ring: iid, label shards, or Dirichlet(alpha).
import type { RingSpec } from '../spec/schema.js';
import { rng, shuffled, type Random } from '../util/random.js';
import { DataError } from './errors.js';
import { countOf, pick, type Samples } from './samples.js';

/** Indices of `samples` held by each node id, before any ACDS sharing. */
export function partitionIndices(samples: Samples, spec: RingSpec): number[][] {
  const all = [...Array(countOf(samples)).keys()];
  const { kind, labelsPerNode, alpha } = spec.partition;
  switch (kind) {
    case 'iid':
      return chunks(shuffled(all, rng(spec.seed, 'partition')), spec.nodes);
    case 'shards':
      return shards(samples, spec.nodes, labelsPerNode, rng(spec.seed, 'partition', 'shards'));
    case 'dirichlet':
      return dirichletSplit(samples, spec.nodes, alpha, spec.seed);
    default:
      throw new DataError('partition', `kind "${kind as string}" is not supported`);
  }
}

/** The samples each node id holds; throws a DataError naming the first node left empty. */
export function partition(samples: Samples, spec: RingSpec): Samples[] {
  return partitionIndices(samples, spec).map((indices, node) => {
    if (indices.length === 0) {
      throw new DataError(`node ${node}`, `its ${spec.partition.kind} partition holds no samples`);
    }
    return pick(samples, indices);
  });
}

function chunks(indices: readonly number[], parts: number): number[][] {
  return Array.from({ length: parts }, (_, part) => {
    const start = Math.floor((part * indices.length) / parts);
    return indices.slice(start, Math.floor(((part + 1) * indices.length) / parts));
  });
}

/**
 * Sorted by label and cut into `nodes * labelsPerNode` shards, each node takes `labelsPerNode`
 * shards; a shard straddles two labels only where a label's count is not a multiple of its size.
 */
function shards(samples: Samples, nodes: number, labelsPerNode: number, random: Random) {
  const { y } = samples;
  const byLabel = [...Array(countOf(samples)).keys()].sort(
    (a, b) => (y[a] as number) - (y[b] as number) || a - b,
  );
  const dealt = shuffled(chunks(byLabel, nodes * labelsPerNode), random);
  return Array.from({ length: nodes }, (_, node) =>
    dealt.slice(node * labelsPerNode, (node + 1) * labelsPerNode).flat(),
  );
}

function indicesByLabel(samples: Samples): number[][] {
  const groups = Array.from({ length: samples.classes }, (): number[] => []);
  samples.y.forEach((label, index) => {
    const group = groups[label];
    if (group === undefined) {
      const detail = `label ${label} at sample ${index} is not below classes (${samples.classes})`;
      throw new DataError('partition', detail);
    }
    group.push(index);
  });
  return groups;
}

/**
 * For each label, node shares drawn from Dirichlet(alpha) decide how many of that label's
 * samples each node takes. Each label has its own generator, so one label's draw does not shift
 * another's.
 */
function dirichletSplit(samples: Samples, nodes: number, alpha: number, seed: number) {
  const held = Array.from({ length: nodes }, (): number[] => []);
  indicesByLabel(samples).forEach((members, label) => {
    const random = rng(seed, 'partition', 'dirichlet', label);
    const order = shuffled(members, random);
    let cumulative = 0;
    let start = 0;
    dirichlet(alpha, nodes, random).forEach((share, node) => {
      cumulative += share;
      // The last node takes the rest, so rounding can neither drop nor repeat a sample.
      const end = node === nodes - 1 ? order.length : Math.round(cumulative * order.length);
      for (let i = start; i < end; i++) held[node]?.push(order[i] as number);
      start = end;
    });
  });
  return held;
}

// Marsaglia-Tsang accepts over 95% of proposals for every shape; the cap only turns a broken
// generator (one stuck on a constant) into an error instead of an endless loop.
const MAX_PROPOSALS = 1000;

/** Natural log of a Gamma(shape, 1) draw; logs keep tiny draws (shape << 1) from reaching zero. */
export function logGamma(shape: number, random: Random): number {
  if (!(shape > 0) || !Number.isFinite(shape)) {
    throw new RangeError(`Gamma shape must be a positive finite number, got ${shape}`);
  }
  if (shape < 1) {
    // Boost: if G ~ Gamma(shape + 1) and U ~ U(0, 1], then G * U^(1/shape) ~ Gamma(shape).
    return logGamma(shape + 1, random) + Math.log(1 - random.next()) / shape;
  }
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (let proposal = 0; proposal < MAX_PROPOSALS; proposal++) {
    const z = random.normal();
    const base = 1 + c * z;
    if (base <= 0) continue;
    const v = base * base * base;
    const u = 1 - random.next();
    if (u < 1 - 0.0331 * z ** 4 || Math.log(u) < 0.5 * z * z + d * (1 - v + Math.log(v))) {
      return Math.log(d * v);
    }
  }
  throw new Error(`Gamma(${shape}) sampler rejected ${MAX_PROPOSALS} proposals in a row`);
}

/** A Gamma(shape, 1) draw. */
export const gamma = (shape: number, random: Random): number => Math.exp(logGamma(shape, random));

/** Proportions over `parts` drawn from a symmetric Dirichlet(alpha); they sum to 1. */
export function dirichlet(alpha: number, parts: number, random: Random): number[] {
  const logs = Array.from({ length: parts }, () => logGamma(alpha, random));
  // Normalising in log space: with small alpha every raw draw may underflow to 0.
  const top = Math.max(...logs);
  const weights = logs.map((log) => Math.exp(log - top));
  const total = weights.reduce((sum, w) => sum + w, 0);
  return weights.map((w) => w / total);
}
