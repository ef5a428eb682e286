// Original file: proto/basil/v1/share.proto


/**
 * Acknowledges a stored aggregate.
 */
export interface AggregateAck {
}

/**
 * Acknowledges a stored aggregate.
 */
export interface AggregateAck__Output {
}
