// Original file: proto/basil/v1/ring.proto

import type { Tensor as _basil_v1_Tensor, Tensor__Output as _basil_v1_Tensor__Output } from '../../basil/v1/Tensor.js';
import type { Long } from '@grpc/proto-loader';

/**
 * A model as sent from a node to one of its successors.
 */
export interface ModelEnvelope {
  /**
   * Identifies the run; a receiver configured for another ring rejects the message.
   */
  'ringId'?: (string);
  /**
   * Bumped by the operator at each (re)configuration of the ring.
   */
  'epoch'?: (number | string | Long);
  /**
   * Round (1-based) in which the sender trained this model.
   */
  'round'?: (number);
  /**
   * Ring position the sender claims; must be one of the receiver's S predecessors.
   */
  'senderPosition'?: (number);
  /**
   * Stable identity of the sender (pod or process name), for logs.
   */
  'senderId'?: (string);
  /**
   * True only on the message to the sender's direct successor: it passes the turn.
   */
  'passesTurn'?: (boolean);
  'tensors'?: (_basil_v1_Tensor)[];
}

/**
 * A model as sent from a node to one of its successors.
 */
export interface ModelEnvelope__Output {
  /**
   * Identifies the run; a receiver configured for another ring rejects the message.
   */
  'ringId': (string);
  /**
   * Bumped by the operator at each (re)configuration of the ring.
   */
  'epoch': (number);
  /**
   * Round (1-based) in which the sender trained this model.
   */
  'round': (number);
  /**
   * Ring position the sender claims; must be one of the receiver's S predecessors.
   */
  'senderPosition': (number);
  /**
   * Stable identity of the sender (pod or process name), for logs.
   */
  'senderId': (string);
  /**
   * True only on the message to the sender's direct successor: it passes the turn.
   */
  'passesTurn': (boolean);
  'tensors': (_basil_v1_Tensor__Output)[];
}
