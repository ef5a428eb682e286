// Original file: proto/basil/v1/ring.proto


/**
 * Acknowledges a stored model.
 */
export interface PushAck {
  /**
   * Occupied memory slots at the receiver after storing.
   */
  'memoryOccupancy'?: (number);
}

/**
 * Acknowledges a stored model.
 */
export interface PushAck__Output {
  /**
   * Occupied memory slots at the receiver after storing.
   */
  'memoryOccupancy': (number);
}
