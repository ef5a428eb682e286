// Original file: proto/basil/v1/share.proto

import type { AggregateStage as _basil_v1_AggregateStage, AggregateStage__Output as _basil_v1_AggregateStage__Output } from '../../basil/v1/AggregateStage.js';
import type { Tensor as _basil_v1_Tensor, Tensor__Output as _basil_v1_Tensor__Output } from '../../basil/v1/Tensor.js';
import type { GroupModel as _basil_v1_GroupModel, GroupModel__Output as _basil_v1_GroupModel__Output } from '../../basil/v1/GroupModel.js';
import type { Long } from '@grpc/proto-loader';

/**
 * A running aggregate of Basil+'s robust circular aggregation.
 */
export interface AggregateEnvelope {
  'ringId'?: (string);
  'epoch'?: (number | string | Long);
  /**
   * Global round (1-based) whose group models the aggregate merges.
   */
  'round'?: (number);
  'senderPosition'?: (number);
  'senderId'?: (string);
  'stage'?: (_basil_v1_AggregateStage);
  'aggregate'?: (_basil_v1_Tensor)[];
  /**
   * Median and trimmed mean only: the merged groups' models, one per group so far.
   */
  'groupModels'?: (_basil_v1_GroupModel)[];
}

/**
 * A running aggregate of Basil+'s robust circular aggregation.
 */
export interface AggregateEnvelope__Output {
  'ringId': (string);
  'epoch': (number);
  /**
   * Global round (1-based) whose group models the aggregate merges.
   */
  'round': (number);
  'senderPosition': (number);
  'senderId': (string);
  'stage': (_basil_v1_AggregateStage__Output);
  'aggregate': (_basil_v1_Tensor__Output)[];
  /**
   * Median and trimmed mean only: the merged groups' models, one per group so far.
   */
  'groupModels': (_basil_v1_GroupModel__Output)[];
}
