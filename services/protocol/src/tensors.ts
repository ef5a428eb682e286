// The tensor codec: model weights to and from the wire's named float32 little-endian tensors,
// and the message size limit both ends of a PushModel call derive from the model's manifest.
import { endianness } from 'node:os';
import {
  sizeOf,
  WeightsError,
  type Manifest,
  type NamedTensor,
  type Weights,
} from '../../core/src/model/weights.js';
import type { ModelEnvelope } from './generated/basil/v1/ModelEnvelope.js';
import type { Tensor, Tensor__Output } from './generated/basil/v1/Tensor.js';
import { headerBytes, tensorsFieldBytes, type TensorLayout } from './wire-size.js';

/** Wire value of the only dtype the ring carries. */
export const FLOAT32_DTYPE = 'DTYPE_FLOAT32';

/** Numeric values of the DType enum in ring.proto; only sizes need them. */
const DTYPE_NUMBERS: Readonly<Record<string, number>> = { DTYPE_UNSPECIFIED: 0, DTYPE_FLOAT32: 1 };
const FLOAT32_DTYPE_NUMBER = 1;

const FLOAT32_BYTES = 4;

/**
 * Room in a PushModel message for everything but the tensors: ring id and sender id of up to
 * 253 bytes each (the longest Kubernetes object name), epoch, round, sender position and
 * passes_turn take at most 545 bytes; the rest is slack for fields a later version may add.
 */
export const ENVELOPE_ALLOWANCE_BYTES = 1024;

const LITTLE_ENDIAN_HOST = endianness() === 'LE';

function float32Bytes(values: Float32Array): Buffer {
  if (LITTLE_ENDIAN_HOST) {
    return Buffer.from(values.buffer, values.byteOffset, values.byteLength);
  }
  const bytes = Buffer.alloc(values.length * FLOAT32_BYTES);
  values.forEach((value, i) => bytes.writeFloatLE(value, i * FLOAT32_BYTES));
  return bytes;
}

function float32Values(bytes: Uint8Array): Float32Array {
  const values = new Float32Array(bytes.length / FLOAT32_BYTES);
  if (LITTLE_ENDIAN_HOST) {
    // Copying through bytes: the received buffer may start at an offset that is not 4-aligned.
    new Uint8Array(values.buffer).set(bytes);
    return values;
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < values.length; i++) values[i] = view.getFloat32(i * FLOAT32_BYTES, true);
  return values;
}

/** Encodes weights as wire tensors. The bytes may share memory with `weights`. */
export function encodeWeights(weights: Weights): Tensor[] {
  return weights.map((tensor) => ({
    name: tensor.name,
    shape: [...tensor.shape],
    dtype: FLOAT32_DTYPE,
    data: float32Bytes(tensor.values),
  }));
}

function decodeTensor(tensor: Tensor__Output): NamedTensor {
  const { name, shape, dtype, data } = tensor;
  if (dtype !== FLOAT32_DTYPE) {
    throw new WeightsError('wrong-dtype', name, `expected ${FLOAT32_DTYPE}, got ${String(dtype)}`);
  }
  const expected = sizeOf(shape) * FLOAT32_BYTES;
  if (data.length !== expected) {
    const detail = `shape [${shape.join(',')}] needs ${expected} bytes, got ${data.length}`;
    throw new WeightsError('wrong-size', name, detail);
  }
  return { name, shape: [...shape], dtype: 'float32', values: float32Values(data) };
}

/**
 * Decodes wire tensors into weights, checking each tensor on its own (dtype, byte length).
 * Whether they fit a model is `checkWeights`' job. Throws a WeightsError.
 */
export function decodeTensors(tensors: readonly Tensor__Output[]): Weights {
  return tensors.map(decodeTensor);
}

function layoutOf(tensor: Tensor): TensorLayout {
  const { data } = tensor;
  const dataBytes = typeof data === 'string' ? Buffer.byteLength(data, 'base64') : data?.length;
  return {
    name: tensor.name ?? '',
    shape: tensor.shape ?? [],
    dataBytes: dataBytes ?? 0,
    dtype:
      typeof tensor.dtype === 'string' ? (DTYPE_NUMBERS[tensor.dtype] ?? 0) : (tensor.dtype ?? 0),
  };
}

/** Encoded size of an envelope in bytes, as gRPC's message size limits count it. */
export function envelopeBytes(envelope: ModelEnvelope): number {
  return headerBytes(envelope) + tensorsFieldBytes((envelope.tensors ?? []).map(layoutOf));
}

/**
 * Largest PushModel message a ring running this model accepts: the encoded model plus
 * ENVELOPE_ALLOWANCE_BYTES. Senders and receivers both derive their limits from it.
 */
export function maxMessageBytes(manifest: Manifest): number {
  const layouts = manifest.map((entry) => ({
    name: entry.name,
    shape: entry.shape,
    dataBytes: sizeOf(entry.shape) * FLOAT32_BYTES,
    dtype: FLOAT32_DTYPE_NUMBER,
  }));
  return tensorsFieldBytes(layouts) + ENVELOPE_ALLOWANCE_BYTES;
}
