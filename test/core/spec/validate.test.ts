import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ATTACK_NAMES } from '../../../services/core/src/spec/schema.js';
import {
  parseRingSpec,
  ringSpecJsonSchema,
  SpecError,
} from '../../../services/core/src/spec/validate.js';

/** Parses `input` and returns the SpecError it must raise. */
function rejection(input: unknown): SpecError {
  try {
    parseRingSpec(input, 'ring.yaml');
  } catch (error) {
    assert.ok(error instanceof SpecError, `expected a SpecError, got ${String(error)}`);
    return error;
  }
  assert.fail(`spec was accepted: ${JSON.stringify(input)}`);
}

describe('parseRingSpec', () => {
  describe('defaults', () => {
    it('fills every field of an empty spec', () => {
      const spec = parseRingSpec({});

      assert.equal(spec.method, 'basil');
      assert.equal(spec.nodes, 8);
      assert.equal(spec.rounds, 15);
      assert.equal(spec.byzantine.count, 0);
      assert.equal(spec.byzantine.attack.name, 'gaussian');
      assert.equal(spec.dataset.name, 'mnist-bundled');
    });

    const memoryCases = [
      { input: {}, memory: 1, why: 'b = 0 gives S = 1' },
      { input: { byzantine: { count: 3 } }, memory: 4, why: 'S = b + 1' },
      { input: { nodes: 10, byzantine: { count: 5 } }, memory: 6, why: 'S = b + 1 at N = 10' },
      { input: { method: 'r-plain', byzantine: { count: 3 } }, memory: 1, why: 'r-plain S = 1' },
      { input: { memory: 2, byzantine: { count: 3 } }, memory: 2, why: 'explicit S is kept' },
    ];
    for (const { input, memory, why } of memoryCases) {
      it(`resolves memory to ${memory} (${why})`, () => {
        assert.equal(parseRingSpec(input).memory, memory);
      });
    }

    it('returns a deeply frozen spec', () => {
      const spec = parseRingSpec({});

      assert.ok(Object.isFrozen(spec));
      assert.ok(Object.isFrozen(spec.byzantine.attack));
    });

    it('treats a missing spec as an empty one', () => {
      assert.equal(parseRingSpec(undefined).nodes, 8);
    });
  });

  describe('rejections name the field and the value', () => {
    const cases = [
      {
        what: 'memory above nodes - 1',
        input: { nodes: 5, memory: 5 },
        expected: ['memory:', '(4)', 'got 5'],
      },
      {
        what: 'byzantine count not below nodes',
        input: { nodes: 4, byzantine: { count: 4 } },
        expected: ['byzantine.count:', '(4)', 'got 4'],
      },
      {
        what: 'an unknown attack name',
        input: { byzantine: { count: 1, attack: { name: 'teleport' } } },
        expected: ['byzantine.attack.name:', '(got "teleport")'],
      },
      {
        what: 'negative rounds',
        input: { rounds: -3 },
        expected: ['rounds:', '(got -3)'],
      },
      {
        what: 'an unknown top-level field',
        input: { nodez: 4 },
        expected: ['(spec): unknown field "nodez"'],
      },
      {
        what: 'an unknown nested field',
        input: { byzantine: { attack: { sigma: 2 } } },
        expected: ['byzantine.attack: unknown field "sigma"'],
      },
      {
        what: 'explicit placement with too few positions',
        input: { byzantine: { count: 2, placement: 'explicit', positions: [3] } },
        expected: ['byzantine.positions:', 'needs 2', 'got 1'],
      },
      {
        what: 'explicit placement with a position outside the ring',
        input: { nodes: 6, byzantine: { count: 2, placement: 'explicit', positions: [1, 6] } },
        expected: ['byzantine.positions:', '6 is not below nodes 6'],
      },
      {
        what: 'explicit placement with a repeated position',
        input: { byzantine: { count: 2, placement: 'explicit', positions: [2, 2] } },
        expected: ['byzantine.positions:', 'repeat', '(2, 2)'],
      },
      {
        what: 'positions without explicit placement',
        input: { byzantine: { count: 1, positions: [0] } },
        expected: ['byzantine.positions:', '"random"'],
      },
      {
        what: 'r-plain with memory above 1',
        input: { method: 'r-plain', memory: 2 },
        expected: ['memory:', 'r-plain', 'got 2'],
      },
      {
        what: 'a file dataset without a path',
        input: { dataset: { name: 'mnist-idx' } },
        expected: ['dataset.path:', '"mnist-idx"'],
      },
      {
        what: 'rounds per global round without Basil+ groups',
        input: { plus: { groups: 1, roundsPerGlobalRound: 3 } },
        expected: ['plus.roundsPerGlobalRound:', 'plus.groups > 1', 'got 1 group'],
      },
      {
        what: 'cifar10 without a path',
        input: { dataset: { name: 'cifar10' } },
        expected: ['dataset.path:', '"cifar10"'],
      },
    ];
    for (const { what, input, expected } of cases) {
      it(`rejects ${what}`, () => {
        const error = rejection(input);

        assert.equal(error.source, 'ring.yaml');
        assert.ok(error.message.includes('ring.yaml'), error.message);
        const issue = error.issues.find((text) => expected.every((part) => text.includes(part)));
        assert.ok(issue, `no issue mentions ${expected.join(' + ')}: ${error.issues.join(' | ')}`);
      });
    }

    it('reports every problem of a spec at once', () => {
      const error = rejection({ rounds: 0, nodes: 1 });

      assert.equal(error.issues.length, 2);
      assert.ok(error.issues.some((text) => text.startsWith('rounds:')));
      assert.ok(error.issues.some((text) => text.startsWith('nodes:')));
    });
  });

  describe('ringSpecJsonSchema', () => {
    const schema = ringSpecJsonSchema() as {
      properties: Record<string, { minimum?: number; properties?: Record<string, unknown> }>;
    };

    it('requires at least two nodes', () => {
      assert.equal(schema.properties.nodes?.minimum, 2);
    });

    it('lists every attack name', () => {
      const byzantine = schema.properties.byzantine?.properties as Record<string, unknown>;
      const attack = byzantine.attack as { properties: { name: { enum: string[] } } };

      assert.deepEqual(attack.properties.name.enum, [...ATTACK_NAMES]);
      assert.deepEqual(attack.properties.name.enum, [
        'gaussian',
        'sign-flip',
        'random-sign-flip',
        'hidden',
        'label-flip',
        'alie',
        'ipm',
      ]);
    });
  });
});
