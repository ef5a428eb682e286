// ACDS samples to and from the wire: float32 little-endian values and one byte per label,
// checked against the receiver's own data set before they can join its training data.
import { endianness } from 'node:os';
import { countOf, sampleSizeOf, type Samples } from '../../core/src/data/samples.js';
import type { SampleBatch, SampleBatch__Output } from '../../protocol/src/messages.js';
import { ShareRejectedError } from './errors.js';

const FLOAT32_BYTES = 4;

const LITTLE_ENDIAN_HOST = endianness() === 'LE';

/** Encodes samples for a ShareSet; the bytes may share memory with `samples`. */
export function encodeSamples(samples: Samples): SampleBatch {
  const { x, y } = samples;
  let bytes = Buffer.from(x.buffer, x.byteOffset, x.byteLength);
  if (!LITTLE_ENDIAN_HOST) {
    bytes = Buffer.alloc(x.length * FLOAT32_BYTES);
    x.forEach((value, i) => bytes.writeFloatLE(value, i * FLOAT32_BYTES));
  }
  return {
    count: countOf(samples),
    sampleShape: [...samples.sampleShape],
    x: bytes,
    y: Buffer.from(y.buffer, y.byteOffset, y.byteLength),
  };
}

/** What received samples must look like: the receiver's data set's shape and classes. */
export interface SampleLimits {
  readonly like: Samples;
  /** Most samples one message may carry. */
  readonly maxCount: number;
}

const refuse = (reason: ConstructorParameters<typeof ShareRejectedError>[0], detail: string) =>
  new ShareRejectedError(reason, detail);

/** Decodes and checks a SampleBatch; throws ShareRejectedError naming what is wrong. */
export function decodeSamples(batch: SampleBatch__Output | null, limits: SampleLimits): Samples {
  if (batch === null) throw refuse('wrong-size', 'no samples');
  const { like } = limits;
  if (batch.sampleShape.join(',') !== like.sampleShape.join(',')) {
    const detail = `sample shape [${batch.sampleShape.join(',')}], expected [${like.sampleShape}]`;
    throw refuse('wrong-shape', detail);
  }
  if (batch.count > limits.maxCount) {
    throw refuse('too-large', `${batch.count} samples, the limit is ${limits.maxCount}`);
  }
  const size = sampleSizeOf(like);
  const xBytes = batch.count * size * FLOAT32_BYTES;
  if (batch.x.length !== xBytes || batch.y.length !== batch.count) {
    const detail = `${batch.count} samples need ${xBytes} + ${batch.count} bytes`;
    throw refuse('wrong-size', detail);
  }
  const x = new Float32Array(batch.count * size);
  if (LITTLE_ENDIAN_HOST) {
    // Copied through bytes: the received buffer may start at an offset that is not 4-aligned.
    new Uint8Array(x.buffer).set(batch.x);
  } else {
    const view = new DataView(batch.x.buffer, batch.x.byteOffset, batch.x.byteLength);
    for (let i = 0; i < x.length; i++) x[i] = view.getFloat32(i * FLOAT32_BYTES, true);
  }
  if (!x.every(Number.isFinite)) throw refuse('non-finite', 'a sample value is not finite');
  const y = Uint8Array.from(batch.y);
  if (y.some((label) => label >= like.classes)) {
    throw refuse('bad-label', `a label is not below ${like.classes}`);
  }
  return { sampleShape: like.sampleShape, classes: like.classes, x, y };
}
