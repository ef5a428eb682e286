// Original file: proto/basil/v1/control.proto

import type { Score as _basil_v1_Score, Score__Output as _basil_v1_Score__Output } from '../../basil/v1/Score.js';

/**
 * One turn the node took.
 */
export interface TurnReport {
  'round'?: (number);
  /**
   * Position whose model was selected; -1 for the common initial model.
   */
  'selectedSender'?: (number);
  'selectedRound'?: (number);
  'selectedLoss'?: (number | string);
  /**
   * True when the turn ran on the timeout, without the predecessor's model.
   */
  'timedOut'?: (boolean);
  /**
   * Honest nodes only: the selected model's and the node's own trained model's test scores.
   */
  'selected'?: (_basil_v1_Score | null);
  'own'?: (_basil_v1_Score | null);
  'durationSeconds'?: (number | string);
  /**
   * Basil+ only: 1-based round inside the global round `round` (0 for plain Basil).
   */
  'innerRound'?: (number);
}

/**
 * One turn the node took.
 */
export interface TurnReport__Output {
  'round': (number);
  /**
   * Position whose model was selected; -1 for the common initial model.
   */
  'selectedSender': (number);
  'selectedRound': (number);
  'selectedLoss': (number);
  /**
   * True when the turn ran on the timeout, without the predecessor's model.
   */
  'timedOut': (boolean);
  /**
   * Honest nodes only: the selected model's and the node's own trained model's test scores.
   */
  'selected': (_basil_v1_Score__Output | null);
  'own': (_basil_v1_Score__Output | null);
  'durationSeconds': (number);
  /**
   * Basil+ only: 1-based round inside the global round `round` (0 for plain Basil).
   */
  'innerRound': (number);
}
