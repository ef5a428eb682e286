// The model zoo: each model is a manifest of named tensors plus a forward pass over them.
import * as tf from '@tensorflow/tfjs';
import type { ModelName } from '../spec/schema.js';
import { rng } from '../util/random.js';
import { sizeOf, type Manifest, type ManifestEntry, type Weights } from './weights.js';

/** Parameters by name, as tensors, for one forward pass. */
export type Params = ReadonlyMap<string, tf.Tensor>;

/** A model of the zoo. */
export interface ModelDef {
  readonly name: ModelName;
  /** Shape of one input sample, without the batch dimension. */
  readonly inputShape: readonly number[];
  readonly classes: number;
  readonly manifest: Manifest;
  /** Logits for a batch `x` shaped [batch, ...inputShape]. */
  forward(params: Params, x: tf.Tensor): tf.Tensor2D;
}

const entry = (name: string, shape: number[]): ManifestEntry => ({ name, shape, dtype: 'float32' });

function param(params: Params, name: string): tf.Tensor {
  const tensor = params.get(name);
  if (tensor === undefined) throw new Error(`model parameter "${name}" is missing`);
  return tensor;
}

function dense(params: Params, x: tf.Tensor, layer: string, relu: boolean): tf.Tensor2D {
  const out = tf.add(
    tf.matMul(x as tf.Tensor2D, param(params, `${layer}/kernel`) as tf.Tensor2D),
    param(params, `${layer}/bias`),
  );
  return (relu ? tf.relu(out) : out) as tf.Tensor2D;
}

function conv(params: Params, x: tf.Tensor, layer: string): tf.Tensor4D {
  const kernel = param(params, `${layer}/kernel`) as tf.Tensor4D;
  const out = tf.add(
    tf.conv2d(x as tf.Tensor4D, kernel, 1, 'same'),
    param(params, `${layer}/bias`),
  );
  return tf.maxPool(tf.relu(out) as tf.Tensor4D, 2, 2, 'valid');
}

function denseStack(sizes: number[]): ManifestEntry[] {
  return sizes
    .slice(1)
    .flatMap((units, i) => [
      entry(`dense${i + 1}/kernel`, [sizes[i] as number, units]),
      entry(`dense${i + 1}/bias`, [units]),
    ]);
}

function denseForward(params: Params, x: tf.Tensor, layers: number): tf.Tensor2D {
  let out = x as tf.Tensor2D;
  for (let i = 1; i <= layers; i++) out = dense(params, out, `dense${i}`, i < layers);
  return out;
}

const mnistMlp: ModelDef = {
  name: 'mnist-mlp',
  inputShape: [784],
  classes: 10,
  manifest: denseStack([784, 100, 100, 10]),
  forward: (params, x) => denseForward(params, x, 3),
};

const mnistCnn: ModelDef = {
  name: 'mnist-cnn',
  inputShape: [28, 28, 1],
  classes: 10,
  manifest: [
    entry('conv1/kernel', [3, 3, 1, 8]),
    entry('conv1/bias', [8]),
    entry('conv2/kernel', [3, 3, 8, 16]),
    entry('conv2/bias', [16]),
    ...denseStack([7 * 7 * 16, 64, 10]),
  ],
  forward: (params, x) => {
    const features = conv(params, conv(params, x, 'conv1'), 'conv2');
    return denseForward(params, tf.reshape(features, [-1, 7 * 7 * 16]), 2);
  },
};

const cifarCnn: ModelDef = {
  name: 'cifar-cnn',
  inputShape: [32, 32, 3],
  classes: 10,
  manifest: [
    entry('conv1/kernel', [3, 3, 3, 16]),
    entry('conv1/bias', [16]),
    entry('conv2/kernel', [4, 4, 16, 64]),
    entry('conv2/bias', [64]),
    ...denseStack([8 * 8 * 64, 384, 192, 10]),
  ],
  forward: (params, x) => {
    const features = conv(params, conv(params, x, 'conv1'), 'conv2');
    return denseForward(params, tf.reshape(features, [-1, 8 * 8 * 64]), 3);
  },
};

const ZOO: Readonly<Record<ModelName, ModelDef>> = {
  'mnist-mlp': mnistMlp,
  'mnist-cnn': mnistCnn,
  'cifar-cnn': cifarCnn,
};

/** The model of the given name. */
export function modelDef(name: ModelName): ModelDef {
  return ZOO[name];
}

/**
 * Seeded Glorot-uniform kernels and zero biases, drawn in plain JavaScript so that every
 * backend starts from the same bits.
 */
export function initialWeights(model: ModelDef, seed: number): Weights {
  return model.manifest.map((tensor) => {
    const values = new Float32Array(sizeOf(tensor.shape));
    if (tensor.shape.length > 1) {
      const random = rng(seed, 'init', tensor.name);
      const receptive = sizeOf(tensor.shape.slice(0, -2));
      const fanIn = receptive * (tensor.shape.at(-2) as number);
      const fanOut = receptive * (tensor.shape.at(-1) as number);
      const limit = Math.sqrt(6 / (fanIn + fanOut));
      for (let i = 0; i < values.length; i++) values[i] = (random.next() * 2 - 1) * limit;
    }
    return { name: tensor.name, shape: [...tensor.shape], dtype: tensor.dtype, values };
  });
}
