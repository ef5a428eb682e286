import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  dirichlet,
  gamma,
  partition,
  partitionIndices,
} from '../../../services/core/src/data/partition.js';
import type { Samples } from '../../../services/core/src/data/samples.js';
import type { RingSpecInput } from '../../../services/core/src/spec/schema.js';
import { parseRingSpec } from '../../../services/core/src/spec/validate.js';
import { rng } from '../../../services/core/src/util/random.js';
import { dataError } from './fixtures.js';

/** `count` one-value samples whose value is their index and whose label is index mod 10. */
function balanced(count: number): Samples {
  return {
    sampleShape: [1],
    classes: 10,
    x: Float32Array.from({ length: count }, (_, i) => i),
    y: Uint8Array.from({ length: count }, (_, i) => i % 10),
  };
}

const split = (samples: Samples, spec: RingSpecInput) =>
  partitionIndices(samples, parseRingSpec(spec));

const sortedUnion = (parts: number[][]) => parts.flat().sort((a, b) => a - b);

const every = (count: number) => [...Array(count).keys()];

const labelsOf = (samples: Samples, indices: number[]) =>
  [...new Set(indices.map((i) => samples.y[i]))].sort();

/** Share of a node's samples that carry its most common label, averaged over all samples. */
function dominantShare(samples: Samples, parts: number[][]): number {
  const dominant = parts.map((indices) => {
    const counts = new Array<number>(samples.classes).fill(0);
    for (const i of indices) counts[samples.y[i] as number]! += 1;
    return Math.max(...counts);
  });
  return dominant.reduce((a, b) => a + b, 0) / parts.flat().length;
}

describe('iid partition', () => {
  const parts = split(balanced(103), { nodes: 8 });

  it('gives node sizes that differ by at most one', () => {
    const sizes = parts.map((p) => p.length);
    assert.deepEqual([Math.min(...sizes), Math.max(...sizes)], [12, 13]);
  });

  it('hands out every index exactly once', () => {
    assert.deepEqual(sortedUnion(parts), every(103));
  });
});

describe('shards partition', () => {
  const samples = balanced(1000);

  it('with one label per node, gives each of 20 nodes exactly one label', () => {
    const parts = split(samples, { nodes: 20, partition: { kind: 'shards', labelsPerNode: 1 } });

    assert.deepEqual(
      parts.map((p) => labelsOf(samples, p).length),
      new Array(20).fill(1),
    );
    assert.deepEqual(
      parts.map((p) => p.length),
      new Array(20).fill(50),
    );
    assert.deepEqual(sortedUnion(parts), every(1000));
  });

  it('with two labels per node, gives each node two shards of at most two labels', () => {
    const parts = split(samples, { nodes: 10, partition: { kind: 'shards', labelsPerNode: 2 } });

    assert.ok(parts.every((p) => p.length === 100 && labelsOf(samples, p).length <= 2));
    assert.deepEqual(sortedUnion(parts), every(1000));
  });
});

describe('dirichlet partition', () => {
  const samples = balanced(1000);
  const spec = (alpha: number, seed = 1): RingSpecInput => ({
    nodes: 10,
    seed,
    partition: { kind: 'dirichlet', alpha },
  });

  it('gives the same split for the same seed and another for another seed', () => {
    assert.deepEqual(split(samples, spec(0.5)), split(samples, spec(0.5)));
    assert.notDeepEqual(split(samples, spec(0.5, 2)), split(samples, spec(0.5)));
  });

  it('hands out every index exactly once', () => {
    for (const alpha of [0.01, 0.5, 100]) {
      assert.deepEqual(sortedUnion(split(samples, spec(alpha))), every(1000));
    }
  });

  it('is more label-skewed for small alpha, by the share of each node’s dominant label', () => {
    // A balanced split of 10 labels gives 0.1; one label per node gives 1.
    const skewed = dominantShare(samples, split(samples, spec(0.1)));
    const even = dominantShare(samples, split(samples, spec(100)));

    assert.ok(skewed > 0.4, `alpha 0.1: dominant share ${skewed}`);
    assert.ok(even < 0.15, `alpha 100: dominant share ${even}`);
  });
});

describe('partition', () => {
  it('returns each node its samples in partition order', () => {
    const samples = balanced(30);
    const spec = parseRingSpec({ nodes: 4, partition: { kind: 'shards', labelsPerNode: 1 } });

    const sets = partition(samples, spec);

    assert.deepEqual(
      sets.map((set) => [...set.x]),
      partitionIndices(samples, spec),
    );
    assert.deepEqual(sets[0]?.sampleShape, [1]);
  });

  it('names the first node left without samples', () => {
    const spec = parseRingSpec({ nodes: 50 });

    assert.throws(
      () => partition(balanced(30), spec),
      dataError('node 0: its iid partition holds no samples'),
    );
  });

  it('rejects a label not below the class count', () => {
    const samples = { ...balanced(12), classes: 5 };
    const spec = parseRingSpec({ nodes: 2, partition: { kind: 'dirichlet' } });

    assert.throws(
      () => partitionIndices(samples, spec),
      dataError('partition: label 5 at sample 5 is not below classes (5)'),
    );
  });
});

describe('gamma and dirichlet draws', () => {
  for (const shape of [0.1, 0.5, 1, 3.5]) {
    it(`Gamma(${shape}) draws have mean ${shape} within 5%`, () => {
      const random = rng(7, 'test', shape);
      let sum = 0;
      for (let i = 0; i < 40000; i++) sum += gamma(shape, random);

      assert.ok(Math.abs(sum / 40000 - shape) < 0.05 * shape, `mean ${sum / 40000}`);
    });
  }

  it('gives finite shares that sum to 1 even when every raw draw underflows', () => {
    const shares = dirichlet(0.001, 50, rng(1, 'test'));

    assert.ok(shares.every(Number.isFinite));
    assert.ok(Math.abs(shares.reduce((a, b) => a + b, 0) - 1) < 1e-12);
  });

  it('rejects a shape that is not positive', () => {
    assert.throws(() => gamma(0, rng(1)), /Gamma shape must be a positive finite number, got 0/);
  });
});
