// Original file: proto/basil/v1/control.proto


/**
 * Test-set accuracy and loss of one model.
 */
export interface Score {
  'accuracy'?: (number | string);
  'loss'?: (number | string);
}

/**
 * Test-set accuracy and loss of one model.
 */
export interface Score__Output {
  'accuracy': (number);
  'loss': (number);
}
