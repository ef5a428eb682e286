// Original file: proto/basil/v1/share.proto


/**
 * Acknowledges a ShareSet the receiver has taken into its sharing state.
 */
export interface ShareAck {
  /**
   * The receiver's ACDS phase afterwards: 1 passing, 2 exchanging, 3 complete.
   */
  'phase'?: (number);
}

/**
 * Acknowledges a ShareSet the receiver has taken into its sharing state.
 */
export interface ShareAck__Output {
  /**
   * The receiver's ACDS phase afterwards: 1 passing, 2 exchanging, 3 complete.
   */
  'phase': (number);
}
