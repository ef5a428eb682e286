// Original file: proto/basil/v1/control.proto


/**
 * Another node of the ring and where to reach it.
 */
export interface Peer {
  'position'?: (number);
  /**
   * host:port of its RingNode service.
   */
  'address'?: (string);
}

/**
 * Another node of the ring and where to reach it.
 */
export interface Peer__Output {
  'position': (number);
  /**
   * host:port of its RingNode service.
   */
  'address': (string);
}
