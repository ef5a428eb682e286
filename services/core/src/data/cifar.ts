// CIFAR-10 in its binary form: records of one label byte and three 32x32 colour planes.
import { join } from 'node:path';
import { DataError } from './errors.js';
import { readIfPresent, type DataFile } from './files.js';
import type { Samples } from './samples.js';

const SIDE = 32;
const CHANNELS = 3;
const PLANE_BYTES = SIDE * SIDE;
const IMAGE_BYTES = PLANE_BYTES * CHANNELS;

/** Bytes of one record: the label, then the red, green and blue planes, each row-major. */
export const CIFAR_RECORD_BYTES = 1 + IMAGE_BYTES;

const CLASSES = 10;
const TRAIN_FILES = [1, 2, 3, 4, 5].map((n) => `data_batch_${n}.bin`);
const TEST_FILE = 'test_batch.bin';

function recordCount(batch: DataFile): number {
  const { path, bytes } = batch;
  if (bytes.length === 0 || bytes.length % CIFAR_RECORD_BYTES !== 0) {
    const detail = `length ${bytes.length} is not a positive multiple of ${CIFAR_RECORD_BYTES}`;
    throw new DataError(path, `${detail} (1 label byte + ${IMAGE_BYTES} pixel bytes per record)`);
  }
  for (let record = 0; record < bytes.length / CIFAR_RECORD_BYTES; record++) {
    const label = bytes[record * CIFAR_RECORD_BYTES] as number;
    if (label >= CLASSES) {
      const detail = `label ${label} in record ${record} is outside 0..${CLASSES - 1}`;
      throw new DataError(path, detail);
    }
  }
  return bytes.length / CIFAR_RECORD_BYTES;
}

/**
 * One sample set from CIFAR-10 batches, in order. Pixels move from the file's planar layout
 * (CHW) to HWC, the layout the models' convolutions take, scaled to [0, 1].
 */
export function parseCifarBatches(batches: readonly DataFile[]): Samples {
  // Every batch is checked before anything is allocated, so a bad last file costs no memory.
  const counts = batches.map(recordCount);
  const total = counts.reduce((sum, count) => sum + count, 0);
  const x = new Float32Array(total * IMAGE_BYTES);
  const y = new Uint8Array(total);
  let sample = 0;
  for (const { bytes } of batches) {
    for (let start = 0; start < bytes.length; start += CIFAR_RECORD_BYTES, sample++) {
      y[sample] = bytes[start] as number;
      const out = sample * IMAGE_BYTES;
      for (let pixel = 0; pixel < PLANE_BYTES; pixel++) {
        for (let channel = 0; channel < CHANNELS; channel++) {
          const value = bytes[start + 1 + channel * PLANE_BYTES + pixel] as number;
          x[out + pixel * CHANNELS + channel] = value / 255;
        }
      }
    }
  }
  return { sampleShape: [SIDE, SIDE, CHANNELS], classes: CLASSES, x, y };
}

async function readPresent(folder: string, names: readonly string[]): Promise<DataFile[]> {
  const paths = names.map((name) => join(folder, name));
  const contents = await Promise.all(paths.map(readIfPresent));
  return paths.flatMap((path, i) => {
    const bytes = contents[i];
    return bytes === undefined ? [] : [{ path, bytes }];
  });
}

/**
 * The CIFAR-10 train set (whichever of `data_batch_1.bin`..`data_batch_5.bin` exist, at least
 * one) and test set (`test_batch.bin`) from `folder`.
 */
export async function readCifar10(folder: string): Promise<{ train: Samples; test: Samples }> {
  // TODO(data): all 60,000 images become ~740 MB of float32 before the run keeps its trainSize
  // + testSize; holding the bytes and scaling only the picked samples would cut that fourfold.
  const [trainFiles, testFiles] = await Promise.all([
    readPresent(folder, TRAIN_FILES),
    readPresent(folder, [TEST_FILE]),
  ]);
  if (trainFiles.length === 0) {
    const tried = `${TRAIN_FILES[0]} .. ${TRAIN_FILES[TRAIN_FILES.length - 1]}`;
    throw new DataError(folder, `no training batch found (tried ${tried})`);
  }
  if (testFiles.length === 0) throw new DataError(join(folder, TEST_FILE), 'file not found');
  return { train: parseCifarBatches(trainFiles), test: parseCifarBatches(testFiles) };
}
