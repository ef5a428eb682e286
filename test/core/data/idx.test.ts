import assert from 'node:assert/strict';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { DataError } from '../../../services/core/src/data/errors.js';
import {
  parseIdxImages,
  parseIdxLabels,
  readMnistIdx,
} from '../../../services/core/src/data/idx.js';
import { dataError, idxImages, idxLabels, TempFolders } from './fixtures.js';

const IMAGES = 'train-images-idx3-ubyte';
const LABELS = 'train-labels-idx1-ubyte';
const TEST_IMAGES = 't10k-images-idx3-ubyte';
const TEST_LABELS = 't10k-labels-idx1-ubyte';

const validFiles = (): Record<string, Uint8Array> => ({
  [IMAGES]: idxImages(3),
  [LABELS]: idxLabels([5, 0, 9]),
  [TEST_IMAGES]: idxImages(2),
  [TEST_LABELS]: idxLabels([1, 2]),
});

const folders = new TempFolders();
after(() => folders.removeAll());

describe('readMnistIdx', () => {
  it('reads plain files as 28x28x1 samples with pixels scaled to [0, 1]', async () => {
    const { train, test } = await readMnistIdx(await folders.with(validFiles()));

    assert.deepEqual(train.sampleShape, [28, 28, 1]);
    assert.equal(train.classes, 10);
    assert.deepEqual(train.y, Uint8Array.from([5, 0, 9]));
    assert.deepEqual(test.y, Uint8Array.from([1, 2]));
    assert.equal(train.x.length, 3 * 784);
    // Image 2, pixel 5: 7 * 2 + 5 = 19; image 1, pixel 783: (7 + 783) mod 256 = 22.
    assert.equal(train.x[2 * 784 + 5], Math.fround(19 / 255));
    assert.equal(train.x[784 + 783], Math.fround(22 / 255));
    assert.equal(Math.max(...train.x), 1);
  });

  it('reads gzipped files to the same samples as plain ones', async () => {
    const plain = await readMnistIdx(await folders.with(validFiles()));
    const gzipped = await readMnistIdx(await folders.with(validFiles(), { gzip: true }));

    assert.deepEqual(gzipped, plain);
  });

  it('names the path it tried, plain and gzipped, when a file is missing', async () => {
    const files = validFiles();
    delete files[TEST_LABELS];
    const folder = await folders.with(files);
    const path = join(folder, TEST_LABELS);

    await assert.rejects(
      readMnistIdx(folder),
      dataError(`${path}: file not found (tried ${path} and ${path}.gz)`),
    );
  });

  it('names the labels file when image and label counts differ', async () => {
    const folder = await folders.with({ ...validFiles(), [LABELS]: idxLabels([1, 2]) });

    await assert.rejects(
      readMnistIdx(folder),
      dataError(`${join(folder, LABELS)}: 2 labels, but ${join(folder, IMAGES)} holds 3 images`),
    );
  });

  it('names the .gz file when its content is malformed', async () => {
    const files = { ...validFiles(), [LABELS]: idxLabels([1, 2, 10]) };
    const folder = await folders.with(files, { gzip: true });
    const path = join(folder, `${LABELS}.gz`);

    await assert.rejects(
      readMnistIdx(folder),
      dataError(`${path}: label 10 at index 2 is outside 0..9`),
    );
  });

  it('names a .gz file that is not gzip', async () => {
    const folder = await folders.with(validFiles());
    await writeFile(join(folder, `${TEST_IMAGES}.gz`), 'not gzip');
    await rm(join(folder, TEST_IMAGES));

    await assert.rejects(readMnistIdx(folder), (error: unknown) => {
      assert.ok(error instanceof DataError);
      assert.equal(error.where, join(folder, `${TEST_IMAGES}.gz`));
      assert.match(error.message, /: cannot be unpacked as gzip \(.+\)$/);
      return true;
    });
  });
});

interface BadFile {
  name: string;
  bytes: Uint8Array;
  message: string;
}

describe('parseIdxImages', () => {
  const file = 'images.idx';
  const valid = idxImages(2);
  const cases: BadFile[] = [
    {
      name: 'a truncated pixel block',
      bytes: valid.subarray(0, valid.length - 1),
      message: `${file}: truncated: expected 1584 bytes for 2 images, got 1583`,
    },
    {
      name: 'a truncated header',
      bytes: valid.subarray(0, 10),
      message: `${file}: truncated: expected at least 16 bytes of header, got 10`,
    },
    {
      name: 'trailing bytes',
      bytes: Buffer.concat([valid, new Uint8Array(3)]),
      message: `${file}: 3 trailing bytes: expected 1584 bytes for 2 images, got 1587`,
    },
    {
      name: 'the labels magic number',
      bytes: idxImages(2, { magic: 2049 }),
      message: `${file}: magic number is 2049, expected 2051`,
    },
    {
      name: 'a little-endian magic number',
      bytes: idxImages(2, { magic: 0x03080000 }),
      message: `${file}: magic number is 50855936, expected 2051`,
    },
    {
      name: 'images that are not 28x28',
      bytes: idxImages(2, { rows: 32, cols: 32 }),
      message: `${file}: images are 32x32, expected 28x28`,
    },
  ];
  for (const { name, bytes, message } of cases) {
    it(`rejects ${name}`, () => {
      assert.throws(() => parseIdxImages(bytes, file), dataError(message));
    });
  }

  it('accepts a file of zero images', () => {
    assert.deepEqual(parseIdxImages(idxImages(0), file), { count: 0, x: new Float32Array(0) });
  });
});

describe('parseIdxLabels', () => {
  const file = 'labels.idx';
  const cases: BadFile[] = [
    {
      name: 'a label above 9, naming the first bad index',
      bytes: idxLabels([3, 9, 12, 200]),
      message: `${file}: label 12 at index 2 is outside 0..9`,
    },
    {
      name: 'the images magic number',
      bytes: idxLabels([1], 2051),
      message: `${file}: magic number is 2051, expected 2049`,
    },
    {
      name: 'a truncated file',
      bytes: idxLabels([1, 2, 3]).subarray(0, 9),
      message: `${file}: truncated: expected 11 bytes for 3 labels, got 9`,
    },
  ];
  for (const { name, bytes, message } of cases) {
    it(`rejects ${name}`, () => {
      assert.throws(() => parseIdxLabels(bytes, file), dataError(message));
    });
  }

  it('returns the labels as a plain byte array', () => {
    assert.deepEqual(parseIdxLabels(idxLabels([0, 7, 9]), file), Uint8Array.from([0, 7, 9]));
  });
});
