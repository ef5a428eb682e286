// MNIST in its original IDX format: big-endian headers, one unsigned byte per pixel or label.
import { join } from 'node:path';
import { DataError } from './errors.js';
import { readPlainOrGzipped } from './files.js';
import type { Samples } from './samples.js';

/** Magic number of an IDX file of unsigned-byte images (type 0x08, three dimensions). */
export const IDX_IMAGES_MAGIC = 2051;

/** Magic number of an IDX file of unsigned-byte labels (type 0x08, one dimension). */
export const IDX_LABELS_MAGIC = 2049;

const SIDE = 28;
const IMAGE_BYTES = SIDE * SIDE;
const IMAGES_HEADER_BYTES = 16;
const LABELS_HEADER_BYTES = 8;
const CLASSES = 10;

/** Images of one IDX file, pixels scaled to [0, 1], one 28x28 image after another. */
export interface IdxImages {
  readonly count: number;
  readonly x: Float32Array;
}

function header(bytes: Uint8Array, file: string, fields: number, magic: number): number[] {
  const headerBytes = fields * 4;
  if (bytes.length < headerBytes) {
    const detail = `expected at least ${headerBytes} bytes of header, got ${bytes.length}`;
    throw new DataError(file, `truncated: ${detail}`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, headerBytes);
  const values = Array.from({ length: fields }, (_, i) => view.getUint32(i * 4, false));
  if (values[0] !== magic) {
    throw new DataError(file, `magic number is ${values[0]}, expected ${magic}`);
  }
  return values.slice(1);
}

function checkLength(bytes: Uint8Array, file: string, expected: number, what: string): void {
  if (bytes.length < expected) {
    const detail = `expected ${expected} bytes for ${what}, got ${bytes.length}`;
    throw new DataError(file, `truncated: ${detail}`);
  }
  if (bytes.length > expected) {
    const extra = bytes.length - expected;
    const detail = `expected ${expected} bytes for ${what}, got ${bytes.length}`;
    throw new DataError(file, `${extra} trailing bytes: ${detail}`);
  }
}

/** Parses an IDX image file; throws a DataError naming `file` on any malformed header or size. */
export function parseIdxImages(bytes: Uint8Array, file: string): IdxImages {
  const [count = 0, rows, cols] = header(bytes, file, 4, IDX_IMAGES_MAGIC);
  if (rows !== SIDE || cols !== SIDE) {
    throw new DataError(file, `images are ${rows}x${cols}, expected ${SIDE}x${SIDE}`);
  }
  checkLength(bytes, file, IMAGES_HEADER_BYTES + count * IMAGE_BYTES, `${count} images`);

  const pixels = bytes.subarray(IMAGES_HEADER_BYTES);
  const x = new Float32Array(pixels.length);
  for (let i = 0; i < pixels.length; i++) x[i] = (pixels[i] as number) / 255;
  return { count, x };
}

/** Parses an IDX label file; throws a DataError naming `file` and the first label not in 0..9. */
export function parseIdxLabels(bytes: Uint8Array, file: string): Uint8Array {
  const [count = 0] = header(bytes, file, 2, IDX_LABELS_MAGIC);
  checkLength(bytes, file, LABELS_HEADER_BYTES + count, `${count} labels`);

  // A copy, so the labels are a plain Uint8Array and do not pin the file's whole buffer.
  const labels = new Uint8Array(bytes.subarray(LABELS_HEADER_BYTES));
  const bad = labels.findIndex((label) => label >= CLASSES);
  if (bad >= 0) {
    throw new DataError(file, `label ${labels[bad]} at index ${bad} is outside 0..${CLASSES - 1}`);
  }
  return labels;
}

async function readSet(folder: string, prefix: string): Promise<Samples> {
  const [imageFile, labelFile] = await Promise.all([
    readPlainOrGzipped(join(folder, `${prefix}-images-idx3-ubyte`)),
    readPlainOrGzipped(join(folder, `${prefix}-labels-idx1-ubyte`)),
  ]);
  const images = parseIdxImages(imageFile.bytes, imageFile.path);
  const y = parseIdxLabels(labelFile.bytes, labelFile.path);
  if (images.count !== y.length) {
    const detail = `${y.length} labels, but ${imageFile.path} holds ${images.count} images`;
    throw new DataError(labelFile.path, detail);
  }
  return { sampleShape: [SIDE, SIDE, 1], classes: CLASSES, x: images.x, y };
}

/** The MNIST train and test sets from the four IDX files in `folder`, each plain or gzipped. */
export async function readMnistIdx(folder: string): Promise<{ train: Samples; test: Samples }> {
  const [train, test] = await Promise.all([readSet(folder, 'train'), readSet(folder, 't10k')]);
  return { train, test };
}
