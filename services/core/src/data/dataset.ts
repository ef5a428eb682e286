// Loads the dataset a spec names and splits it into a seeded train and test set.
import type { RingSpec } from '../spec/schema.js';
import { rng, shuffled } from '../util/random.js';
import { bundledMnist } from './bundled.js';
import { readCifar10 } from './cifar.js';
import { DataError } from './errors.js';
import { readMnistIdx } from './idx.js';
import { countOf, pick, type Samples } from './samples.js';

/** A run's training and test samples. */
export interface SplitData {
  readonly train: Samples;
  readonly test: Samples;
}

/** Shape of one sample each model expects. */
const MODEL_SAMPLE: Readonly<Record<RingSpec['model'], string>> = {
  'mnist-mlp': '28,28,1',
  'mnist-cnn': '28,28,1',
  'cifar-cnn': '32,32,3',
};

async function source(spec: RingSpec): Promise<SplitData | Samples> {
  const { name, path } = spec.dataset;
  if (name === 'mnist-bundled') return bundledMnist();
  if (name === 'mnist-idx') return readMnistIdx(path as string);
  return readCifar10(path as string);
}

function split(all: Samples, spec: RingSpec, where: string): SplitData {
  const { trainSize, testSize } = spec.dataset;
  if (trainSize + testSize > countOf(all)) {
    const detail = `trainSize + testSize = ${trainSize + testSize} exceeds ${countOf(all)} samples`;
    throw new DataError(where, detail);
  }
  const order = shuffled([...Array(countOf(all)).keys()], rng(spec.seed, 'split'));
  return {
    train: pick(all, order.slice(0, trainSize)),
    test: pick(all, order.slice(trainSize, trainSize + testSize)),
  };
}

function take(samples: Samples, count: number, spec: RingSpec, what: string): Samples {
  if (count > countOf(samples)) {
    throw new DataError(
      spec.dataset.path ?? spec.dataset.name,
      `${what}: ${count} requested, ${countOf(samples)} present`,
    );
  }
  const order = shuffled([...Array(countOf(samples)).keys()], rng(spec.seed, 'take', what));
  return pick(samples, order.slice(0, count));
}

/**
 * Train and test samples for a spec. A single pool (the bundled digits) is split by the seed;
 * files that come with their own test set keep it, trimmed to the configured sizes.
 */
export async function loadData(spec: RingSpec): Promise<SplitData> {
  const where = spec.dataset.path ?? spec.dataset.name;
  const data = await source(spec);
  const result =
    'train' in data
      ? {
          train: take(data.train, spec.dataset.trainSize, spec, 'dataset.trainSize'),
          test: take(data.test, spec.dataset.testSize, spec, 'dataset.testSize'),
        }
      : split(data, spec, where);
  if (result.train.sampleShape.join(',') !== MODEL_SAMPLE[spec.model]) {
    const shape = result.train.sampleShape.join('x');
    const needed = MODEL_SAMPLE[spec.model].replaceAll(',', 'x');
    throw new DataError(where, `samples are ${shape}, model "${spec.model}" needs ${needed}`);
  }
  return result;
}
