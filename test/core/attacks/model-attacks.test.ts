import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  activeAttack,
  alieZ,
  applyAttack,
  flipsLabels,
  inverseNormal,
  type AttackInput,
} from '../../../services/core/src/attacks/model-attacks.js';
import { flatten, type Weights } from '../../../services/core/src/model/weights.js';
import type { AttackSpec, RingSpecInput } from '../../../services/core/src/spec/schema.js';
import { parseRingSpec } from '../../../services/core/src/spec/validate.js';
import { rng } from '../../../services/core/src/util/random.js';

type AttackFields = NonNullable<NonNullable<RingSpecInput['byzantine']>['attack']>;

/** An attack with the spec's defaults for every field not given. */
const attackOf = (fields: AttackFields): AttackSpec =>
  parseRingSpec({ byzantine: { count: 1, attack: fields } }).byzantine.attack;

/** Weights with the given tensor shapes, filled by `value(i)` over a running index. */
function weightsOf(shapes: Record<string, number[]>, value: (i: number) => number): Weights {
  let offset = 0;
  return Object.entries(shapes).map(([name, shape]) => {
    const values = Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) =>
      value(offset + i),
    );
    offset += values.length;
    return { name, shape, dtype: 'float32' as const, values };
  });
}

/** Nonzero, varied values, so that a flip or a copy is visible in every coordinate. */
const honest = weightsOf({ 'dense1/kernel': [100, 100], 'dense1/bias': [100] }, (i) => 1 + (i % 7));

const inputOf = (overrides: Partial<AttackInput> = {}): AttackInput => ({
  honest,
  honestReceived: [],
  round: 1,
  nodes: 8,
  byzantineCount: 2,
  random: rng(7, 'attack-test'),
  ...overrides,
});

const layout = (weights: Weights) => weights.map((t) => [t.name, [...t.shape], t.dtype]);

/** Hand-made tiny models: tensor `a` of shape [2] and `b` of shape [1]. */
const tiny = (a0: number, a1: number, b0: number): Weights => [
  { name: 'a', shape: [2], dtype: 'float32', values: Float32Array.from([a0, a1]) },
  { name: 'b', shape: [1], dtype: 'float32', values: Float32Array.from([b0]) },
];

describe('model attacks', () => {
  it("gaussian sends N(mu, sigma^2) values in the honest model's layout", () => {
    const mu = 0.5;
    const sigma = 2;
    const sent = applyAttack(attackOf({ name: 'gaussian', mean: mu, std: sigma }), inputOf());
    const values = flatten(sent);
    const mean = values.reduce((a, v) => a + v, 0) / values.length;
    const std = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / values.length);

    assert.deepEqual(layout(sent), layout(honest));
    assert.equal(values.length, 10100);
    // 10,100 draws: the standard errors are 0.02 (mean) and 0.014 (std); allow five of each.
    assert.ok(Math.abs(mean - mu) < 0.1, `sample mean ${mean}`);
    assert.ok(Math.abs(std - sigma) < 0.07, `sample std ${std}`);
  });

  it('sign-flip sends exactly -scale times the honest model', () => {
    const sent = applyAttack(attackOf({ name: 'sign-flip', scale: 3 }), inputOf());

    assert.deepEqual(layout(sent), layout(honest));
    assert.deepEqual(
      flatten(sent),
      flatten(honest).map((v) => -3 * v),
    );
  });

  it('random-sign-flip sends +v or -v in every coordinate, flipping about p of them', () => {
    const p = 0.3;
    const sent = flatten(
      applyAttack(attackOf({ name: 'random-sign-flip', flipProbability: p }), inputOf()),
    );
    const original = flatten(honest);

    assert.ok(sent.every((v, i) => v === original[i] || v === -(original[i] as number)));
    const flipped = sent.filter((v, i) => v !== original[i]).length / sent.length;
    // Standard error of the share over 10,100 coordinates is 0.0046; allow 0.03.
    assert.ok(Math.abs(flipped - p) < 0.03, `flipped share ${flipped}`);
  });

  const exactFlips = [
    { p: 0, expected: (v: number) => v },
    { p: 1, expected: (v: number) => -v },
  ];
  for (const { p, expected } of exactFlips) {
    it(`random-sign-flip with p = ${p} is exact`, () => {
      const attack = attackOf({ name: 'random-sign-flip', flipProbability: p });
      const sent = applyAttack(attack, inputOf());

      assert.deepEqual(flatten(sent), flatten(honest).map(expected));
    });
  }

  it('hidden sends the honest model before startRound and the inner attack from it on', () => {
    const attack = attackOf({ name: 'hidden', startRound: 3, inner: 'sign-flip', scale: 2 });
    const negated = flatten(honest).map((v) => -2 * v);

    for (const round of [1, 2]) {
      assert.equal(activeAttack(attack, round), 'none');
      assert.deepEqual(flatten(applyAttack(attack, inputOf({ round }))), flatten(honest));
    }
    for (const round of [3, 4, 10]) {
      assert.equal(activeAttack(attack, round), 'sign-flip');
      assert.deepEqual(flatten(applyAttack(attack, inputOf({ round }))), negated);
    }
  });

  it('hidden switches to gaussian by default', () => {
    assert.equal(activeAttack(attackOf({ name: 'hidden' }), 3), 'gaussian');
  });

  it('label-flip trains on flipped labels and sends that model unchanged', () => {
    const attack = attackOf({ name: 'label-flip' });

    assert.equal(flipsLabels(attack, 1), true);
    assert.equal(applyAttack(attack, inputOf()), honest);
  });

  it('only label-flip flips labels, and hidden label-flip only from its start round', () => {
    const hidden = attackOf({ name: 'hidden', startRound: 2, inner: 'label-flip' });

    assert.equal(flipsLabels(attackOf({ name: 'gaussian' }), 1), false);
    assert.equal(flipsLabels(attackOf({ name: 'sign-flip' }), 1), false);
    assert.equal(flipsLabels(hidden, 1), false);
    assert.equal(flipsLabels(hidden, 2), true);
  });

  // The attacker's own model, which colluding attacks ignore once they have received others.
  const own = tiny(100, 100, 100);

  // Coordinates over the two received models: a = [1, 3], [2, 2], b = [-4, 0].
  // Means 2, 2, -2; standard deviations (over the models, dividing by their count) 1, 0, 2.
  const received = [tiny(1, 2, -4), tiny(3, 2, 0)];

  it('alie sends the coordinate-wise mean - z * std of the honest models received', () => {
    const sent = applyAttack(
      attackOf({ name: 'alie', z: 1.5 }),
      inputOf({ honest: own, honestReceived: received }),
    );

    assert.deepEqual(layout(sent), layout(received[0] as Weights));
    assert.deepEqual(flatten(sent), Float32Array.from([2 - 1.5 * 1, 2, -2 - 1.5 * 2]));
  });

  it('alie takes z from n and b when none is set', () => {
    const input = inputOf({ honest: own, honestReceived: received, nodes: 8, byzantineCount: 2 });
    const sent = flatten(applyAttack(attackOf({ name: 'alie' }), input));
    const z = 0.3186394; // inverse normal of 5/8 (see alieZ below)

    assert.ok(Math.abs((sent[0] as number) - (2 - z)) < 1e-6, `got ${sent[0]}`);
    assert.ok(Math.abs((sent[2] as number) - (-2 - 2 * z)) < 1e-6, `got ${sent[2]}`);
  });

  it('alieZ(8, 2) is the inverse normal of (n - s) / n with s = floor(n/2 + 1) - b = 3', () => {
    // (8 - 3) / 8 = 0.625, whose standard normal quantile is 0.318639.
    assert.ok(Math.abs(alieZ(8, 2) - 0.3186394) < 1e-6, `got ${alieZ(8, 2)}`);
  });

  it('alieZ(50, 24) is the quantile of 48/50 = 0.96', () => {
    assert.ok(Math.abs(alieZ(50, 24) - 1.7506861) < 1e-6, `got ${alieZ(50, 24)}`);
  });

  it('ipm sends exactly -epsilon times the mean of the honest models received', () => {
    const models = [tiny(2, 1, -3), tiny(4, -1, 0), tiny(6, 3, 0)]; // means 4, 1, -1
    const sent = applyAttack(
      attackOf({ name: 'ipm', epsilon: 0.5 }),
      inputOf({ honest: own, honestReceived: models }),
    );

    assert.deepEqual(layout(sent), layout(models[0] as Weights));
    assert.deepEqual(flatten(sent), Float32Array.from([-2, -0.5, 0.5]));
  });

  it('colluding attacks fall back to the own honest model when none was received', () => {
    const alone = tiny(2, -4, 8);
    const input = inputOf({ honest: alone, honestReceived: [] });

    assert.deepEqual(
      flatten(applyAttack(attackOf({ name: 'ipm', epsilon: 0.5 }), input)),
      Float32Array.from([-1, 2, -4]),
    );
    assert.deepEqual(flatten(applyAttack(attackOf({ name: 'alie', z: 1 }), input)), flatten(alone));
  });
});

describe('inverseNormal', () => {
  const cases = [
    { p: 0.5, expected: 0 },
    { p: 0.975, expected: 1.959964 },
    { p: 0.025, expected: -1.959964 },
    { p: 0.7, expected: 0.5244005 },
    { p: 0.001, expected: -3.0902323 },
    { p: 0.999, expected: 3.0902323 },
  ];
  for (const { p, expected } of cases) {
    it(`gives ${expected} at p = ${p}`, () => {
      assert.ok(Math.abs(inverseNormal(p) - expected) < 1e-6, `got ${inverseNormal(p)}`);
    });
  }
});
