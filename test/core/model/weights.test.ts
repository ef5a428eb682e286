import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  checkWeights,
  weightsProblem,
  WeightsError,
  type Manifest,
  type NamedTensor,
  type Weights,
  type WeightsProblem,
} from '../../../services/core/src/model/weights.js';

const manifest: Manifest = [
  { name: 'dense1/kernel', shape: [2, 3], dtype: 'float32' },
  { name: 'dense1/bias', shape: [3], dtype: 'float32' },
  { name: 'dense2/kernel', shape: [3, 1], dtype: 'float32' },
];

const tensor = (name: string, shape: number[], values: number[]): NamedTensor => ({
  name,
  shape,
  dtype: 'float32',
  values: Float32Array.from(values),
});

const kernel1 = tensor('dense1/kernel', [2, 3], [1, 2, 3, 4, 5, 6]);
const bias1 = tensor('dense1/bias', [3], [0.1, 0.2, 0.3]);
const kernel2 = tensor('dense2/kernel', [3, 1], [-1, 0, 1]);
const good: Weights = [kernel1, bias1, kernel2];

/** `good` with its bias replaced. */
const withBias = (bias: NamedTensor): Weights => [kernel1, bias, kernel2];

const cases: { what: string; weights: Weights; problem: WeightsProblem; tensor: string }[] = [
  {
    what: 'a missing tensor',
    weights: [kernel1, kernel2],
    problem: 'missing-tensor',
    tensor: 'dense1/bias',
  },
  {
    what: 'a renamed tensor',
    weights: [kernel1, { ...bias1, name: 'dense1/b' }, kernel2],
    problem: 'missing-tensor',
    tensor: 'dense1/bias',
  },
  {
    what: 'an extra tensor',
    weights: [...good, tensor('dense3/kernel', [1], [0])],
    problem: 'extra-tensor',
    tensor: 'dense3/kernel',
  },
  {
    what: 'a duplicate name',
    weights: [kernel1, bias1, bias1, kernel2],
    problem: 'duplicate-name',
    tensor: 'dense1/bias',
  },
  {
    what: 'a wrong shape',
    weights: withBias(tensor('dense1/bias', [4], [1, 2, 3, 4])),
    problem: 'wrong-shape',
    tensor: 'dense1/bias',
  },
  {
    what: 'an extra dimension of size one',
    weights: withBias(tensor('dense1/bias', [1, 3], [1, 2, 3])),
    problem: 'wrong-shape',
    tensor: 'dense1/bias',
  },
  {
    what: 'swapped dimensions with the same element count',
    weights: [tensor('dense1/kernel', [3, 2], [1, 2, 3, 4, 5, 6]), bias1, kernel2],
    problem: 'wrong-shape',
    tensor: 'dense1/kernel',
  },
  {
    what: 'a wrong dtype',
    weights: withBias({ ...bias1, dtype: 'int32' as NamedTensor['dtype'] }),
    problem: 'wrong-dtype',
    tensor: 'dense1/bias',
  },
  {
    what: 'fewer values than the shape holds',
    weights: withBias(tensor('dense1/bias', [3], [1, 2])),
    problem: 'wrong-size',
    tensor: 'dense1/bias',
  },
  {
    what: 'more values than the shape holds',
    weights: withBias(tensor('dense1/bias', [3], [1, 2, 3, 4])),
    problem: 'wrong-size',
    tensor: 'dense1/bias',
  },
  {
    what: 'a NaN',
    weights: [kernel1, bias1, tensor('dense2/kernel', [3, 1], [0, 0, Number.NaN])],
    problem: 'non-finite',
    tensor: 'dense2/kernel',
  },
  {
    what: 'a +Infinity',
    weights: [tensor('dense1/kernel', [2, 3], [Infinity, 2, 3, 4, 5, 6]), bias1, kernel2],
    problem: 'non-finite',
    tensor: 'dense1/kernel',
  },
  {
    what: 'a -Infinity',
    weights: withBias(tensor('dense1/bias', [3], [0, -Infinity, 0])),
    problem: 'non-finite',
    tensor: 'dense1/bias',
  },
  {
    what: 'a float64 value that overflows float32',
    weights: withBias(tensor('dense1/bias', [3], [0, 0, 1e39])),
    problem: 'non-finite',
    tensor: 'dense1/bias',
  },
];

describe('checkWeights', () => {
  it('accepts weights that match the manifest', () => {
    assert.doesNotThrow(() => checkWeights(good, manifest));
    assert.equal(weightsProblem(good, manifest), undefined);
  });

  it('matches tensors by name, so a reordered model is accepted', () => {
    const reordered: Weights = [kernel2, kernel1, bias1];

    assert.doesNotThrow(() => checkWeights(reordered, manifest));
    assert.equal(weightsProblem(reordered, manifest), undefined);
  });

  it('accepts the largest finite float32 values', () => {
    const extreme = withBias(tensor('dense1/bias', [3], [3.4e38, -3.4e38, 0]));

    assert.equal(weightsProblem(extreme, manifest), undefined);
  });

  for (const { what, weights, problem, tensor: name } of cases) {
    it(`rejects ${what} as ${problem} of "${name}"`, () => {
      assert.throws(
        () => checkWeights(weights, manifest),
        (error: unknown) =>
          error instanceof WeightsError &&
          error.name === 'WeightsError' &&
          error.problem === problem &&
          error.tensor === name &&
          error.message.startsWith(`${problem} in tensor "${name}"`),
      );
    });
  }
});

describe('weightsProblem', () => {
  for (const { what, weights, problem, tensor: name } of cases) {
    it(`returns ${problem} of "${name}" for ${what}`, () => {
      const found = weightsProblem(weights, manifest);

      assert.ok(found instanceof WeightsError);
      assert.equal(found.problem, problem);
      assert.equal(found.tensor, name);
    });
  }
});
