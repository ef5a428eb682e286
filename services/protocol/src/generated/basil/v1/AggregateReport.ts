// Original file: proto/basil/v1/control.proto

import type { Score as _basil_v1_Score, Score__Output as _basil_v1_Score__Output } from '../../basil/v1/Score.js';

/**
 * Basil+ only: one cross-group merge an honest node ran after global round `round`.
 */
export interface AggregateReport {
  'round'?: (number);
  /**
   * Last group only: the test score of the final aggregate, once scored (then the report is
   * sent again with it).
   */
  'score'?: (_basil_v1_Score | null);
  /**
   * Position of the incoming aggregate the merge built on; -1 when none was valid (own only).
   */
  'chosenSender'?: (number);
}

/**
 * Basil+ only: one cross-group merge an honest node ran after global round `round`.
 */
export interface AggregateReport__Output {
  'round': (number);
  /**
   * Last group only: the test score of the final aggregate, once scored (then the report is
   * sent again with it).
   */
  'score': (_basil_v1_Score__Output | null);
  /**
   * Position of the incoming aggregate the merge built on; -1 when none was valid (own only).
   */
  'chosenSender': (number);
}
