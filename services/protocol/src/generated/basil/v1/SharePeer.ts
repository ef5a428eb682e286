// Original file: proto/basil/v1/control.proto


/**
 * A node of an ACDS sharing neighbourhood: ACDS is laid out by node index, the ring by position.
 */
export interface SharePeer {
  'nodeIndex'?: (number);
  'position'?: (number);
  /**
   * host:port of its DataShare service (the same server as RingNode).
   */
  'address'?: (string);
}

/**
 * A node of an ACDS sharing neighbourhood: ACDS is laid out by node index, the ring by position.
 */
export interface SharePeer__Output {
  'nodeIndex': (number);
  'position': (number);
  /**
   * host:port of its DataShare service (the same server as RingNode).
   */
  'address': (string);
}
