// Original file: proto/basil/v1/share.proto

import type { Tensor as _basil_v1_Tensor, Tensor__Output as _basil_v1_Tensor__Output } from '../../basil/v1/Tensor.js';

/**
 * A group's set of model weights.
 */
export interface GroupModel {
  'tensors'?: (_basil_v1_Tensor)[];
}

/**
 * A group's set of model weights.
 */
export interface GroupModel__Output {
  'tensors': (_basil_v1_Tensor__Output)[];
}
