// Splits a training set across the nodes of a ring: iid, label shards, or Dirichlet(alpha).
import type { RingSpec } from '../spec/schema.js';
import { rng, shuffled } from '../util/random.js';
import { DataError } from './errors.js';
import { countOf, pick, type Samples } from './samples.js';

/** Indices of `samples` held by each node id, before any ACDS sharing. */
export function partitionIndices(samples: Samples, spec: RingSpec): number[][] {
  const all = [...Array(countOf(samples)).keys()];
  const random = rng(spec.seed, 'partition');
  switch (spec.partition.kind) {
    case 'iid':
      return chunks(shuffled(all, random), spec.nodes);
    default:
      throw new DataError('partition', `kind "${spec.partition.kind}" is not supported yet`);
  }
}

function chunks(indices: readonly number[], parts: number): number[][] {
  return Array.from({ length: parts }, (_, part) => {
    const start = Math.floor((part * indices.length) / parts);
    return indices.slice(start, Math.floor(((part + 1) * indices.length) / parts));
  });
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
