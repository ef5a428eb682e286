import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  memoryFailureBound,
  planRing,
  predecessorsOf,
  roleAt,
  successorsOf,
} from '../../../services/core/src/basil/plan.js';
import type { RingSpecInput } from '../../../services/core/src/spec/schema.js';
import { parseRingSpec } from '../../../services/core/src/spec/validate.js';

const planOf = (input: RingSpecInput) => planRing(parseRingSpec(input));

const SEEDS = Array.from({ length: 20 }, (_, i) => i + 1);

/** Whether `positions` are `count` consecutive positions of a ring of `nodes`, wrap included. */
function isArc(positions: readonly number[], nodes: number): boolean {
  const held = new Set(positions);
  return positions.some((start) =>
    Array.from({ length: positions.length }, (_, i) => (start + i) % nodes).every((p) =>
      held.has(p),
    ),
  );
}

describe('ring plan', () => {
  it('gives the same plan for the same seed', () => {
    const input = { nodes: 12, seed: 42, byzantine: { count: 3 } };

    assert.deepEqual(planOf(input), planOf(input));
  });

  it('gives another order for another seed', () => {
    const first = planOf({ nodes: 12, seed: 1 });
    const second = planOf({ nodes: 12, seed: 2 });

    assert.notDeepEqual(first.order, second.order);
  });

  for (const seed of SEEDS.slice(0, 5)) {
    it(`orders the nodes as a permutation of 0..N-1 (seed ${seed})`, () => {
      const { order } = planOf({ nodes: 10, seed });

      assert.deepEqual(
        [...order].sort((a, b) => a - b),
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
      );
    });
  }

  it('places b consecutive positions (mod N) for consecutive placement, for every seed', () => {
    for (const seed of SEEDS) {
      const { byzantinePositions } = planOf({
        nodes: 7,
        seed,
        byzantine: { count: 3, placement: 'consecutive' },
      });

      assert.equal(byzantinePositions.length, 3);
      assert.ok(isArc(byzantinePositions, 7), `seed ${seed}: ${byzantinePositions.join(',')}`);
    }
  });

  it('recognises consecutive positions across the wrap', () => {
    assert.equal(isArc([0, 1, 6], 7), true);
    assert.equal(isArc([0, 2, 6], 7), false);
  });

  it('places b distinct positions on the ring for random placement', () => {
    for (const seed of SEEDS) {
      const { byzantinePositions } = planOf({ nodes: 9, seed, byzantine: { count: 4 } });

      assert.equal(new Set(byzantinePositions).size, 4);
      assert.ok(byzantinePositions.every((p) => Number.isInteger(p) && p >= 0 && p < 9));
    }
  });

  it('keeps explicit positions, sorted ascending', () => {
    const plan = planOf({
      nodes: 8,
      byzantine: { count: 3, placement: 'explicit', positions: [6, 1, 3] },
    });

    assert.deepEqual(plan.byzantinePositions, [1, 3, 6]);
    assert.equal(roleAt(plan, 3), 'byzantine');
    assert.equal(roleAt(plan, 4), 'honest');
  });

  it('places nobody when b = 0', () => {
    assert.deepEqual(planOf({ nodes: 5, byzantine: { count: 0 } }).byzantinePositions, []);
  });

  it('lists successors and predecessors nearest first, across the wrap', () => {
    assert.deepEqual(successorsOf(4, 3, 6), [5, 0, 1]);
    assert.deepEqual(predecessorsOf(1, 3, 6), [0, 5, 4]);
  });
});

describe('memoryFailureBound', () => {
  const cases = [
    // (N - b) * prod_{j<S} (b - j) / (N - 1 - j)
    { nodes: 10, byzantine: 3, memory: 1, expected: 1, note: '7 * 3/9 = 2.33, capped at 1' },
    { nodes: 10, byzantine: 3, memory: 2, expected: 7 / 12, note: '7 * 3/9 * 2/8' },
    { nodes: 10, byzantine: 3, memory: 3, expected: 1 / 12, note: '7 * 3/9 * 2/8 * 1/7' },
    { nodes: 100, byzantine: 10, memory: 2, expected: 8100 / 9702, note: '90 * 10/99 * 9/98' },
    { nodes: 10, byzantine: 3, memory: 4, expected: 0, note: 'S > b' },
    { nodes: 10, byzantine: 3, memory: 6, expected: 0, note: 'S well above b' },
    { nodes: 10, byzantine: 0, memory: 1, expected: 0, note: 'no Byzantine node' },
    { nodes: 4, byzantine: 3, memory: 1, expected: 1, note: '1 * 3/3' },
    { nodes: 10, byzantine: 8, memory: 1, expected: 1, note: '2 * 8/9 = 1.78, capped at 1' },
  ];
  for (const { nodes, byzantine, memory, expected, note } of cases) {
    it(`is ${expected.toFixed(4)} at N=${nodes}, b=${byzantine}, S=${memory} (${note})`, () => {
      const bound = memoryFailureBound(nodes, byzantine, memory);

      assert.ok(Math.abs(bound - expected) < 1e-12, `got ${bound}`);
    });
  }
});
