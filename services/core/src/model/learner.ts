// Loss, SGD steps and accuracy of a model given as named tensors. Every tensor created here is
// disposed before a function returns, so a turn leaves the tensor count unchanged.
import * as tf from '@tensorflow/tfjs';
import { countOf, type Samples } from '../data/samples.js';
import type { ModelDef, Params } from './zoo.js';
import type { Weights } from './weights.js';
import { drain, type Steps } from '../util/steps.js';

function toParams(weights: Weights): Map<string, tf.Tensor> {
  return new Map(weights.map((t) => [t.name, tf.tensor(t.values, [...t.shape], 'float32')]));
}

function inputs(model: ModelDef, batch: Samples): tf.Tensor {
  return tf.tensor(batch.x, [countOf(batch), ...model.inputShape], 'float32');
}

function meanCrossEntropy(logits: tf.Tensor2D, labels: tf.Tensor1D, classes: number): tf.Scalar {
  // Shifting each row by its maximum first keeps the log-sum-exp term from vanishing next to a
  // huge finite logit in float32; unshifted, a model whose logits are all ~1e38 scores loss 0.
  const shifted = tf.sub(logits, tf.max(logits, 1, true));
  return tf.losses.softmaxCrossEntropy(tf.oneHot(labels, classes), shifted) as tf.Scalar;
}

function crossEntropy(model: ModelDef, params: Params, batch: Samples): tf.Scalar {
  const logits = model.forward(params, inputs(model, batch));
  return meanCrossEntropy(logits, tf.tensor1d(batch.y, 'int32'), model.classes);
}

/** Mean cross-entropy of `weights` on `batch`; may be NaN or Infinity for a broken model. */
export function lossOn(model: ModelDef, weights: Weights, batch: Samples): number {
  return tf.tidy(() => crossEntropy(model, toParams(weights), batch).dataSync()[0] as number);
}

/** Runs one plain SGD step per batch, starting from `weights`, and returns the new weights. */
export function sgd(
  model: ModelDef,
  weights: Weights,
  batches: readonly Samples[],
  learningRate: number,
): Weights {
  return drain(sgdSteps(model, weights, batches, learningRate));
}

/** `sgd`, yielding after each step. */
export function* sgdSteps(
  model: ModelDef,
  weights: Weights,
  batches: readonly Samples[],
  learningRate: number,
): Steps<Weights> {
  // tidy frees the source tensors (variables outlive it). Variables keep tfjs's unique names:
  // a name taken from the weights stays registered for good if a duplicate aborts this map.
  const variables = tf.tidy(() =>
    weights.map((t) => tf.variable(tf.tensor(t.values, [...t.shape], 'float32'))),
  );
  try {
    const params = new Map(variables.map((v, i) => [weights[i]?.name as string, v as tf.Tensor]));
    for (const batch of batches) {
      tf.tidy(() => {
        const { grads } = tf.variableGrads(() => crossEntropy(model, params, batch), variables);
        for (const variable of variables) {
          variable.assign(
            tf.sub(variable, tf.mul(grads[variable.name] as tf.Tensor, learningRate)),
          );
        }
      });
      yield;
    }
    return weights.map((t, i) => ({ ...t, values: variables[i]?.dataSync() as Float32Array }));
  } finally {
    for (const variable of variables) variable.dispose();
  }
}

/** Accuracy and mean loss on `samples`, evaluated in chunks to bound memory. */
export function evaluate(
  model: ModelDef,
  weights: Weights,
  samples: Samples,
  chunk = 1000,
): { accuracy: number; loss: number } {
  const total = countOf(samples);
  let correct = 0;
  let lossSum = 0;
  tf.tidy(() => {
    const params = toParams(weights);
    for (let start = 0; start < total; start += chunk) {
      const end = Math.min(total, start + chunk);
      const size = end - start;
      const part = sliceSamples(samples, start, end);
      const logits = model.forward(params, inputs(model, part));
      const labels = tf.tensor1d(part.y, 'int32');
      correct += tf
        .sum(tf.cast(tf.equal(tf.argMax(logits, 1), labels), 'int32'))
        .dataSync()[0] as number;
      const loss = meanCrossEntropy(logits, labels, model.classes);
      lossSum += (loss.dataSync()[0] as number) * size;
    }
  });
  return { accuracy: correct / total, loss: lossSum / total };
}

function sliceSamples(samples: Samples, start: number, end: number): Samples {
  const size = samples.x.length / countOf(samples);
  return {
    ...samples,
    x: samples.x.subarray(start * size, end * size),
    y: samples.y.subarray(start, end),
  };
}
