import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { loadData } from '../../../services/core/src/data/dataset.js';
import { countOf } from '../../../services/core/src/data/samples.js';
import type { RingSpecInput } from '../../../services/core/src/spec/schema.js';
import { parseRingSpec } from '../../../services/core/src/spec/validate.js';
import { cifarBatch, dataError, idxImages, idxLabels, TempFolders } from './fixtures.js';

const load = (spec: RingSpecInput) => loadData(parseRingSpec(spec));

const folders = new TempFolders();
after(() => folders.removeAll());

describe('loadData from the bundled digits', () => {
  it('splits 8000 training and 2000 test samples by default', async () => {
    const { train, test } = await load({});

    assert.deepEqual([countOf(train), countOf(test)], [8000, 2000]);
    assert.deepEqual(train.sampleShape, [28, 28, 1]);
    assert.equal(train.x.length, 8000 * 784);
  });

  it('gives identical splits for the same seed and different ones for another', async () => {
    const first = await load({ seed: 5, dataset: { trainSize: 500, testSize: 100 } });
    const again = await load({ seed: 5, dataset: { trainSize: 500, testSize: 100 } });
    const other = await load({ seed: 6, dataset: { trainSize: 500, testSize: 100 } });

    assert.deepEqual(again, first);
    assert.notDeepEqual(other.train.x, first.train.x);
  });

  it('rejects trainSize + testSize above the 10,000 digits', async () => {
    await assert.rejects(
      load({ dataset: { trainSize: 9000, testSize: 1001 } }),
      dataError('mnist-bundled: trainSize + testSize = 10001 exceeds 10000 samples'),
    );
  });
});

describe('loadData from files', () => {
  const mnistFolder = () =>
    folders.with({
      'train-images-idx3-ubyte': idxImages(6),
      'train-labels-idx1-ubyte': idxLabels([0, 1, 2, 3, 4, 5]),
      't10k-images-idx3-ubyte': idxImages(3),
      't10k-labels-idx1-ubyte': idxLabels([6, 7, 8]),
    });

  it('keeps the files’ own test set, trimmed to testSize', async () => {
    const path = await mnistFolder();
    const dataset = { name: 'mnist-idx', path, trainSize: 4, testSize: 2 } as const;

    const { train, test } = await load({ dataset });

    assert.deepEqual([countOf(train), countOf(test)], [4, 2]);
    assert.ok([...test.y].every((label) => label >= 6));
  });

  it('rejects a testSize above the samples the files hold, naming the folder', async () => {
    const path = await mnistFolder();
    const dataset = { name: 'mnist-idx', path, trainSize: 4, testSize: 5 } as const;

    await assert.rejects(
      load({ dataset }),
      dataError(`${path}: dataset.testSize: 5 requested, 3 present`),
    );
  });

  it('rejects samples of a shape the model does not take', async () => {
    const path = await folders.with({
      'data_batch_1.bin': cifarBatch([1, 2]),
      'test_batch.bin': cifarBatch([3]),
    });
    const dataset = { name: 'cifar10', path, trainSize: 2, testSize: 1 } as const;

    await assert.rejects(
      load({ model: 'mnist-mlp', dataset }),
      dataError(`${path}: samples are 32x32x3, model "mnist-mlp" needs 28x28x1`),
    );
  });
});
