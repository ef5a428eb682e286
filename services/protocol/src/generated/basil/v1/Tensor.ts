// Original file: proto/basil/v1/ring.proto

import type { DType as _basil_v1_DType, DType__Output as _basil_v1_DType__Output } from '../../basil/v1/DType.js';

/**
 * One named tensor of a model. Receivers match tensors to the model's manifest by name.
 */
export interface Tensor {
  'name'?: (string);
  'shape'?: (number)[];
  'dtype'?: (_basil_v1_DType);
  /**
   * Row-major values, little-endian, exactly product(shape) elements of dtype.
   */
  'data'?: (Buffer | Uint8Array | string);
}

/**
 * One named tensor of a model. Receivers match tensors to the model's manifest by name.
 */
export interface Tensor__Output {
  'name': (string);
  'shape': (number)[];
  'dtype': (_basil_v1_DType__Output);
  /**
   * Row-major values, little-endian, exactly product(shape) elements of dtype.
   */
  'data': (Buffer);
}
