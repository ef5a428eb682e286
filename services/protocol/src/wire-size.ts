// Encoded sizes of ring messages, computed from their fields with protobuf's own arithmetic, so
// size limits can be derived from a model's manifest before any message exists. The encoder
// behind @grpc/proto-loader writes every field that is set, even to its default value, and so
// do these counts: they are exact for this project's messages and an upper bound for encoders
// that skip defaults.
import type { ModelEnvelope } from './generated/basil/v1/ModelEnvelope.js';

/** Bytes of a base-128 varint holding the non-negative integer `value`. */
export function varintBytes(value: number): number {
  let bytes = 1;
  for (let rest = Math.floor(value / 128); rest > 0; rest = Math.floor(rest / 128)) bytes++;
  return bytes;
}

/** Bytes of a length-delimited field (string, bytes, message) of `length` bytes. */
export function delimitedFieldBytes(length: number): number {
  return 1 + varintBytes(length) + length;
}

/** Bytes of a varint field (uint32, uint64, bool, enum) holding `value`. */
export function varintFieldBytes(value: number): number {
  return 1 + varintBytes(value);
}

/** What a tensor's encoded size depends on. */
export interface TensorLayout {
  readonly name: string;
  readonly shape: readonly number[];
  /** Length of the tensor's `data` in bytes. */
  readonly dataBytes: number;
  /** Numeric value of its dtype. */
  readonly dtype: number;
}

/** Bytes of one `Tensor` message with every field set, without the tag that embeds it. */
export function tensorBytes(tensor: TensorLayout): number {
  const packedShape = tensor.shape.reduce((sum, dim) => sum + varintBytes(dim), 0);
  return (
    delimitedFieldBytes(Buffer.byteLength(tensor.name, 'utf8')) +
    // An empty repeated field is never written.
    (tensor.shape.length === 0 ? 0 : delimitedFieldBytes(packedShape)) +
    varintFieldBytes(tensor.dtype) +
    delimitedFieldBytes(tensor.dataBytes)
  );
}

/** Bytes the `tensors` field takes in an envelope. */
export function tensorsFieldBytes(tensors: readonly TensorLayout[]): number {
  return tensors.reduce((sum, tensor) => sum + delimitedFieldBytes(tensorBytes(tensor)), 0);
}

const stringBytes = (text: string | undefined): number =>
  text === undefined || text === null ? 0 : delimitedFieldBytes(Buffer.byteLength(text, 'utf8'));

const varintBytesIfSet = (value: number | undefined): number =>
  value === undefined || value === null ? 0 : varintFieldBytes(value);

/** Bytes of the envelope's fields other than its tensors. */
export function headerBytes(envelope: ModelEnvelope): number {
  const { epoch, passesTurn } = envelope;
  return (
    stringBytes(envelope.ringId) +
    varintBytesIfSet(epoch === undefined || epoch === null ? undefined : Number(epoch)) +
    varintBytesIfSet(envelope.round) +
    varintBytesIfSet(envelope.senderPosition) +
    stringBytes(envelope.senderId) +
    varintBytesIfSet(passesTurn === undefined || passesTurn === null ? undefined : 1)
  );
}
