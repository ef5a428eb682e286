// Original file: proto/basil/v1/share.proto

import type { ShareKind as _basil_v1_ShareKind, ShareKind__Output as _basil_v1_ShareKind__Output } from '../../basil/v1/ShareKind.js';
import type { SampleBatch as _basil_v1_SampleBatch, SampleBatch__Output as _basil_v1_SampleBatch__Output } from '../../basil/v1/SampleBatch.js';
import type { Long } from '@grpc/proto-loader';

/**
 * One ACDS message from one node to another.
 */
export interface ShareSet {
  'ringId'?: (string);
  'epoch'?: (number | string | Long);
  /**
   * Ring position the sender claims; the receiver maps it to the node id ACDS is laid out by.
   */
  'senderPosition'?: (number);
  /**
   * Stable identity of the sender (pod or process name), for logs.
   */
  'senderId'?: (string);
  'kind'?: (_basil_v1_ShareKind);
  /**
   * PASS: the sharing group; GROUP_POOL and ANCHOR_POOL: the group whose members contributed.
   */
  'group'?: (number);
  /**
   * PASS only: 1..H.
   */
  'pass'?: (number);
  'samples'?: (_basil_v1_SampleBatch | null);
}

/**
 * One ACDS message from one node to another.
 */
export interface ShareSet__Output {
  'ringId': (string);
  'epoch': (number);
  /**
   * Ring position the sender claims; the receiver maps it to the node id ACDS is laid out by.
   */
  'senderPosition': (number);
  /**
   * Stable identity of the sender (pod or process name), for logs.
   */
  'senderId': (string);
  'kind': (_basil_v1_ShareKind__Output);
  /**
   * PASS: the sharing group; GROUP_POOL and ANCHOR_POOL: the group whose members contributed.
   */
  'group': (number);
  /**
   * PASS only: 1..H.
   */
  'pass': (number);
  'samples': (_basil_v1_SampleBatch__Output | null);
}
