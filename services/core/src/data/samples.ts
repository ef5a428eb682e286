// Labelled samples as flat typed arrays, and batches cut from them.
import { sizeOf } from '../model/weights.js';

/** A set of labelled samples; sample i is `x[i*sampleSize .. (i+1)*sampleSize)`, label `y[i]`. */
export interface Samples {
  readonly sampleShape: readonly number[];
  readonly classes: number;
  readonly x: Float32Array;
  readonly y: Uint8Array;
}

/** Number of samples in a set. */
export const countOf = (samples: Samples): number => samples.y.length;

/** Values per sample. */
export const sampleSizeOf = (samples: Samples): number => sizeOf(samples.sampleShape);

/** The samples at the given indices, in that order. */
export function pick(samples: Samples, indices: readonly number[]): Samples {
  const size = sampleSizeOf(samples);
  const x = new Float32Array(indices.length * size);
  const y = new Uint8Array(indices.length);
  indices.forEach((index, i) => {
    x.set(samples.x.subarray(index * size, (index + 1) * size), i * size);
    y[i] = samples.y[index] as number;
  });
  return { sampleShape: samples.sampleShape, classes: samples.classes, x, y };
}

/** Concatenates sets of the same sample shape. */
export function concat(sets: readonly Samples[]): Samples {
  const [first] = sets;
  if (first === undefined) throw new Error('concat needs at least one sample set');
  const total = sets.reduce((n, s) => n + countOf(s), 0);
  const x = new Float32Array(total * sampleSizeOf(first));
  const y = new Uint8Array(total);
  let offset = 0;
  for (const set of sets) {
    x.set(set.x, offset * sampleSizeOf(first));
    y.set(set.y, offset);
    offset += countOf(set);
  }
  return { sampleShape: first.sampleShape, classes: first.classes, x, y };
}
