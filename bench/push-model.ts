// The model the push benchmark sends: one million float32 parameters in one tensor.
import type { Manifest, Weights } from '../services/core/src/index.js';

/** Parameters of the benchmark model. */
export const BENCH_PARAMETERS = 1_000_000;

/** Its manifest: a single 1000 x 1000 float32 tensor. */
export const BENCH_MANIFEST: Manifest = [
  { name: 'dense/kernel', shape: [1000, 1000], dtype: 'float32' },
];

/** Explicit limit on both ends: the 4 MB model plus room for the envelope. */
export const BENCH_MAX_MESSAGE_BYTES = 8 * 1024 * 1024;

/** Weights with varied finite values, so nothing compresses or short-circuits. */
export function benchWeights(): Weights {
  const values = new Float32Array(BENCH_PARAMETERS).map((_, i) => Math.sin(i) * 0.01);
  return [{ name: 'dense/kernel', shape: [1000, 1000], dtype: 'float32', values }];
}
