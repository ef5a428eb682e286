// Original file: proto/basil/v1/ring.proto

/**
 * Element type of a tensor's bytes.
 */
export const DType = {
  DTYPE_UNSPECIFIED: 'DTYPE_UNSPECIFIED',
  /**
   * IEEE 754 single precision, little-endian.
   */
  DTYPE_FLOAT32: 'DTYPE_FLOAT32',
} as const;

/**
 * Element type of a tensor's bytes.
 */
export type DType =
  | 'DTYPE_UNSPECIFIED'
  | 0
  /**
   * IEEE 754 single precision, little-endian.
   */
  | 'DTYPE_FLOAT32'
  | 1

/**
 * Element type of a tensor's bytes.
 */
export type DType__Output = typeof DType[keyof typeof DType]
