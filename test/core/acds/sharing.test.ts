import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  runAcdsInProcess,
  sharingLayout,
  withSharedData,
  type AcdsRunSpec,
} from '../../../services/core/src/acds/run.js';
import { shareCountOf } from '../../../services/core/src/acds/share-set.js';
import { countOf, type Samples } from '../../../services/core/src/data/samples.js';

// Every test sample is [contributor node, serial, 0, 0]: serials are unique across all nodes,
// so a sample's origin can be read back wherever it travels. Dummies are copies of samples
// the anchor did not share, so a serial outside the shared set marks a dummy.
const SIZE = 4;

function nodeSamples(node: number, count: number, firstSerial: number): Samples {
  const x = new Float32Array(count * SIZE);
  const y = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    x[i * SIZE] = node;
    x[i * SIZE + 1] = firstSerial + i;
    y[i] = (node + i) % 10;
  }
  return { sampleShape: [SIZE], classes: 10, x, y };
}

function partsOf(counts: readonly number[]): Samples[] {
  let serial = 0;
  return counts.map((count, node) => {
    const part = nodeSamples(node, count, serial);
    serial += count;
    return part;
  });
}

const serials = (samples: Samples): number[] =>
  Array.from({ length: countOf(samples) }, (_, i) => samples.x[i * SIZE + 1] as number);

const contributors = (samples: Samples): number[] =>
  Array.from({ length: countOf(samples) }, (_, i) => samples.x[i * SIZE] as number);

const sorted = (values: readonly number[]): number[] => [...values].sort((a, b) => a - b);

const specOf = (groupSize: number, batches: number, fraction: number, seed: number) =>
  ({
    seed,
    acds: { enabled: true, fraction, groupSize, batchesPerNode: batches },
  }) satisfies AcdsRunSpec;

const cases = [
  { nodes: 3, groupSize: 3, batches: 1, fraction: 0.1, seed: 1, why: 'one group, one pass' },
  { nodes: 7, groupSize: 3, batches: 2, fraction: 0.05, seed: 2, why: 'groups of 3 and 4' },
  { nodes: 10, groupSize: 3, batches: 3, fraction: 0.2, seed: 3, why: 'three groups, H = 3' },
  { nodes: 12, groupSize: 4, batches: 2, fraction: 0.5, seed: 4, why: 'half of the data' },
  { nodes: 9, groupSize: 9, batches: 4, fraction: 0.3, seed: 5, why: 'one group of nine' },
  { nodes: 20, groupSize: 3, batches: 2, fraction: 0.05, seed: 6, why: 'six groups of 3+' },
];

describe('runAcdsInProcess', () => {
  for (const c of cases) {
    const title = `${c.nodes} nodes, groups of ${c.groupSize}, H = ${c.batches}`;
    describe(`${title}, alpha = ${c.fraction} (${c.why})`, () => {
      // Uneven sizes from 40 to 86 samples, so every node shares at least two.
      const counts = Array.from({ length: c.nodes }, (_, node) => 40 + ((node * 23) % 47));
      const parts = partsOf(counts);
      const result = runAcdsInProcess(parts, specOf(c.groupSize, c.batches, c.fraction, c.seed));
      const contributed = result.contributed.flatMap((indices, node) =>
        indices.map((i) => serials(parts[node] as Samples)[i] as number),
      );
      const shared = new Set(contributed);

      it('shares round(alpha * count) samples per node', () => {
        const expected = counts.map((n) => Math.round(c.fraction * n));
        assert.deepEqual(result.sharedCounts, expected);
        assert.deepEqual(
          result.contributed.map((indices) => new Set(indices).size),
          expected,
        );
      });

      it('leaves every node with exactly the union of all shares, no dummy left', () => {
        const union = sorted(contributed);
        assert.equal(shared.size, union.length, 'a sample was shared twice');
        result.shared.forEach((held, node) => {
          assert.deepEqual(sorted(serials(held)), union, `node ${node}`);
        });
      });

      it('ends with every node complete', () => {
        assert.deepEqual(
          result.phases,
          counts.map(() => 'complete'),
        );
      });

      it('never sends a set holding the samples of one contributor alone', () => {
        for (const { message, from } of result.trace) {
          const real = contributors(message.samples).filter((_, i) =>
            shared.has(serials(message.samples)[i] as number),
          );
          // The anchor's opening set holds dummies only; that exposes no contributor.
          const alone = new Set(real).size === 1 && real.length === countOf(message.samples);
          assert.ok(!alone, `${message.kind} from node ${from} holds one contributor alone`);
        }
      });

      it('carries the anchor dummies in every share set', () => {
        const sets = result.trace.filter((entry) => entry.message.kind === 'share-set');
        assert.equal(sets.length, c.nodes * c.batches);
        for (const { message } of sets) {
          const dummies = serials(message.samples).filter((s) => !shared.has(s));
          assert.ok(dummies.length > 0, `pass ${'pass' in message ? message.pass : '?'}`);
        }
      });

      it('never sends a set holding the same sample twice', () => {
        for (const { message, from } of result.trace) {
          const seen = serials(message.samples);
          assert.equal(new Set(seen).size, seen.length, `${message.kind} from node ${from}`);
        }
      });

      it('repeats exactly for the same seed', () => {
        const again = runAcdsInProcess(parts, specOf(c.groupSize, c.batches, c.fraction, c.seed));
        assert.deepEqual(
          again.trace.map((e) => [e.from, e.to, serials(e.message.samples)]),
          result.trace.map((e) => [e.from, e.to, serials(e.message.samples)]),
        );
      });
    });
  }
});

describe('shareCountOf', () => {
  const rounding = [
    { count: 30, fraction: 0.05, shared: 2, why: '1.5 rounds up' },
    { count: 50, fraction: 0.05, shared: 3, why: '2.5 rounds up' },
    { count: 9, fraction: 0.05, shared: 0, why: '0.45 rounds down to nothing' },
    { count: 400, fraction: 0.05, shared: 20, why: 'exact' },
  ];
  for (const r of rounding) {
    it(`shares ${r.shared} of ${r.count} at ${r.fraction} (${r.why})`, () => {
      assert.equal(shareCountOf(r.count, r.fraction), r.shared);
    });
  }
});

describe('sharingLayout', () => {
  const layouts = [
    { nodes: 3, groupSize: 3, sizes: [3] },
    { nodes: 7, groupSize: 3, sizes: [3, 4] },
    { nodes: 10, groupSize: 3, sizes: [3, 3, 4] },
    { nodes: 20, groupSize: 6, sizes: [6, 6, 8] },
  ];
  for (const l of layouts) {
    it(`splits ${l.nodes} nodes into groups of ${l.sizes.join(', ')}`, () => {
      const { groups } = sharingLayout(l.nodes, l.groupSize, 1);
      assert.deepEqual(
        groups.map((g) => g.length),
        l.sizes,
      );
      assert.deepEqual(sorted(groups.flat()), [...Array(l.nodes).keys()]);
    });
  }

  it('rejects groups smaller than three or larger than the ring', () => {
    assert.throws(() => sharingLayout(5, 2, 1), /\[3, 5\], got 2/);
    assert.throws(() => sharingLayout(5, 6, 1), /\[3, 5\], got 6/);
  });
});

describe('withSharedData', () => {
  const counts = [60, 45, 80, 52, 71];
  const parts = partsOf(counts);

  it('returns the partitions untouched when ACDS is off', () => {
    const spec = { seed: 1, acds: { ...specOf(3, 2, 0.1, 1).acds, enabled: false } };
    assert.deepEqual(withSharedData(parts, spec), parts);
  });

  it('gives each node its kept samples plus the whole pool, each sample once', () => {
    const spec = specOf(3, 2, 0.1, 7);
    const { contributed } = runAcdsInProcess(parts, spec);
    const totalShared = contributed.reduce((n, c) => n + c.length, 0);
    withSharedData(parts, spec).forEach((data, node) => {
      const own = serials(parts[node] as Samples);
      const held = serials(data);
      assert.equal(held.length, (counts[node] as number) - contributed[node]!.length + totalShared);
      assert.equal(new Set(held).size, held.length, `node ${node} holds a sample twice`);
      assert.ok(
        own.every((s) => held.includes(s)),
        `node ${node} lost one of its samples`,
      );
    });
  });
});
