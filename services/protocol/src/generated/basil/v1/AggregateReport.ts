// Original file: proto/basil/v1/control.proto

import type { Score as _basil_v1_Score, Score__Output as _basil_v1_Score__Output } from '../../basil/v1/Score.js';

/**
 * Basil+ only: the test score of the final cross-group aggregate of a global round, reported by
 * an honest node of the last group that computed it.
 */
export interface AggregateReport {
  'round'?: (number);
  'score'?: (_basil_v1_Score | null);
}

/**
 * Basil+ only: the test score of the final cross-group aggregate of a global round, reported by
 * an honest node of the last group that computed it.
 */
export interface AggregateReport__Output {
  'round': (number);
  'score': (_basil_v1_Score__Output | null);
}
