import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import {
  NoCandidateError,
  select,
  type Candidate,
  type CandidateRejection,
} from '../../../services/core/src/basil/selection.js';
import { bundledMnist } from '../../../services/core/src/data/bundled.js';
import { pick, type Samples } from '../../../services/core/src/data/samples.js';
import { initBackend } from '../../../services/core/src/model/backend.js';
import { lossOn, sgd } from '../../../services/core/src/model/learner.js';
import type { NamedTensor, Weights } from '../../../services/core/src/model/weights.js';
import { initialWeights, modelDef } from '../../../services/core/src/model/zoo.js';

const model = modelDef('mnist-mlp');
const initial = initialWeights(model, 1);

/** `weights` with the named tensor passed through `change`. */
const alter = (weights: Weights, name: string, change: (t: NamedTensor) => NamedTensor): Weights =>
  weights.map((t) => (t.name === name ? change(t) : t));

/** `weights` with value `index` of tensor `name` set to `value`. */
const poke = (weights: Weights, name: string, index: number, value: number): Weights =>
  alter(weights, name, (t) => {
    const values = t.values.slice();
    values[index] = value;
    return { ...t, values };
  });

const fill = (weights: Weights, name: string, value: number): Weights =>
  alter(weights, name, (t) => ({ ...t, values: new Float32Array(t.values.length).fill(value) }));

/** How a broken candidate is expected to fail: rejected for a reason, or valid but worse. */
type Outcome = CandidateRejection | 'loses';

const brokenCases: { what: string; broken: (good: Weights) => Weights; outcome: Outcome }[] = [
  {
    what: 'a NaN in the first kernel',
    broken: (good) => poke(good, 'dense1/kernel', 0, Number.NaN),
    outcome: 'invalid-weights',
  },
  {
    what: 'a NaN in the last bias',
    broken: (good) => poke(good, 'dense3/bias', 9, Number.NaN),
    outcome: 'invalid-weights',
  },
  {
    what: 'a +Infinity',
    broken: (good) => poke(good, 'dense2/kernel', 123, Infinity),
    outcome: 'invalid-weights',
  },
  {
    what: 'a -Infinity',
    broken: (good) => poke(good, 'dense2/bias', 0, -Infinity),
    outcome: 'invalid-weights',
  },
  {
    what: 'huge finite kernel values that overflow the loss',
    broken: (good) => fill(good, 'dense2/kernel', 3e38),
    outcome: 'non-finite-loss',
  },
  {
    what: 'huge finite biases that swamp float32 precision',
    broken: (good) => fill(good, 'dense3/bias', 3e38),
    outcome: 'loses',
  },
  {
    what: 'a wrong shape',
    broken: (good) =>
      alter(good, 'dense3/bias', (t) => ({ ...t, shape: [11], values: new Float32Array(11) })),
    outcome: 'invalid-weights',
  },
  {
    what: 'swapped dimensions with the same element count',
    broken: (good) => alter(good, 'dense1/kernel', (t) => ({ ...t, shape: [100, 784] })),
    outcome: 'invalid-weights',
  },
  {
    what: 'a missing tensor',
    broken: (good) => good.filter((t) => t.name !== 'dense2/bias'),
    outcome: 'invalid-weights',
  },
];

const SLOTS = [
  { slot: 0, label: 'first' },
  { slot: 1, label: 'middle' },
  { slot: 2, label: 'last' },
];

/** Sender positions of three slots, most recent first. */
const SENDERS = [6, 5, 4];

describe('selection', () => {
  let batch: Samples;
  let good: Weights;

  before(async () => {
    await initBackend();
    const digits = await bundledMnist();
    // The digits are grouped by label; strides of 100 take ten of every label.
    batch = pick(
      digits,
      Array.from({ length: 100 }, (_, i) => i * 100),
    );
    const train = pick(
      digits,
      Array.from({ length: 100 }, (_, i) => i * 100 + 50),
    );
    good = sgd(model, initial, Array<Samples>(20).fill(train), 0.5);
  });

  it('starts from a good model that beats the uniform guess (log 10 = 2.303)', () => {
    assert.ok(lossOn(model, good, batch) < 1, `loss ${lossOn(model, good, batch)}`);
  });

  it('picks the lowest loss, not the most recent', () => {
    const candidates: Candidate[] = [
      { senderPosition: 6, round: 2, weights: initial },
      { senderPosition: 5, round: 2, weights: good },
    ];

    const selection = select(model, candidates, batch);

    assert.equal(selection.winner.senderPosition, 5);
    assert.equal(selection.winnerLoss, lossOn(model, good, batch));
    assert.deepEqual(
      selection.losses.map((l) => l.senderPosition),
      [6, 5],
    );
  });

  it('gives ties to the first candidate, the most recent', () => {
    const candidates = SENDERS.map((senderPosition) => ({
      senderPosition,
      round: 3,
      weights: good,
    }));

    const selection = select(model, candidates, batch);

    assert.equal(selection.winner.senderPosition, 6);
    assert.deepEqual(selection.rejected, []);
  });

  for (const { what, broken, outcome } of brokenCases) {
    for (const { slot, label } of SLOTS) {
      it(`never picks a model with ${what} in the ${label} slot`, () => {
        const candidates = SENDERS.map((senderPosition, i) => ({
          senderPosition,
          round: 3,
          weights: i === slot ? broken(good) : good,
        }));
        const brokenSender = SENDERS[slot] as number;

        const selection = select(model, candidates, batch);

        assert.equal(selection.winner.senderPosition, slot === 0 ? 5 : 6);
        assert.equal(selection.winnerLoss, lossOn(model, good, batch));
        if (outcome === 'loses') {
          assert.deepEqual(selection.rejected, []);
          const loss = selection.losses.find((l) => l.senderPosition === brokenSender)?.loss;
          assert.ok(loss !== undefined && loss > selection.winnerLoss, `broken loss ${loss}`);
        } else {
          assert.deepEqual(selection.rejected, [{ senderPosition: brokenSender, reason: outcome }]);
          assert.equal(selection.losses.length, 2);
        }
      });
    }
  }

  it('throws NoCandidateError when every candidate is invalid', () => {
    const candidates = brokenCases
      .filter((c) => c.outcome !== 'loses')
      .map((c, i) => ({ senderPosition: i, round: 3, weights: c.broken(good) }));

    assert.throws(() => select(model, candidates, batch), NoCandidateError);
  });

  it('throws NoCandidateError when memory holds nothing', () => {
    assert.throws(() => select(model, [], batch), {
      name: 'NoCandidateError',
      message: 'no valid candidate to select from',
    });
  });
});
