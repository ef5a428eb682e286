// Original file: proto/basil/v1/share.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { AggregateAck as _basil_v1_AggregateAck, AggregateAck__Output as _basil_v1_AggregateAck__Output } from '../../basil/v1/AggregateAck.js';
import type { AggregateEnvelope as _basil_v1_AggregateEnvelope, AggregateEnvelope__Output as _basil_v1_AggregateEnvelope__Output } from '../../basil/v1/AggregateEnvelope.js';

/**
 * CrossGroup is served by every node of a Basil+ ring (plus.groups > 1).
 */
export interface CrossGroupClient extends grpc.Client {
  /**
   * Delivers a hop or multicast aggregate. Idempotent: the same sender's aggregate for the same
   * round and stage is stored once; a repeat is refused as stale (FAILED_PRECONDITION).
   * Errors as PushModel: INVALID_ARGUMENT for malformed weights; FAILED_PRECONDITION for a wrong
   * ring, epoch, stage or sender, or a round the receiver is not collecting; RESOURCE_EXHAUSTED
   * over the size limit; UNAVAILABLE while not configured or draining. Retry only UNAVAILABLE and
   * DEADLINE_EXCEEDED, within the aggregation timeout.
   */
  PassAggregate(argument: _basil_v1_AggregateEnvelope, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_basil_v1_AggregateAck__Output>): grpc.ClientUnaryCall;
  PassAggregate(argument: _basil_v1_AggregateEnvelope, metadata: grpc.Metadata, callback: grpc.requestCallback<_basil_v1_AggregateAck__Output>): grpc.ClientUnaryCall;
  PassAggregate(argument: _basil_v1_AggregateEnvelope, options: grpc.CallOptions, callback: grpc.requestCallback<_basil_v1_AggregateAck__Output>): grpc.ClientUnaryCall;
  PassAggregate(argument: _basil_v1_AggregateEnvelope, callback: grpc.requestCallback<_basil_v1_AggregateAck__Output>): grpc.ClientUnaryCall;
  /**
   * Delivers a hop or multicast aggregate. Idempotent: the same sender's aggregate for the same
   * round and stage is stored once; a repeat is refused as stale (FAILED_PRECONDITION).
   * Errors as PushModel: INVALID_ARGUMENT for malformed weights; FAILED_PRECONDITION for a wrong
   * ring, epoch, stage or sender, or a round the receiver is not collecting; RESOURCE_EXHAUSTED
   * over the size limit; UNAVAILABLE while not configured or draining. Retry only UNAVAILABLE and
   * DEADLINE_EXCEEDED, within the aggregation timeout.
   */
  passAggregate(argument: _basil_v1_AggregateEnvelope, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_basil_v1_AggregateAck__Output>): grpc.ClientUnaryCall;
  passAggregate(argument: _basil_v1_AggregateEnvelope, metadata: grpc.Metadata, callback: grpc.requestCallback<_basil_v1_AggregateAck__Output>): grpc.ClientUnaryCall;
  passAggregate(argument: _basil_v1_AggregateEnvelope, options: grpc.CallOptions, callback: grpc.requestCallback<_basil_v1_AggregateAck__Output>): grpc.ClientUnaryCall;
  passAggregate(argument: _basil_v1_AggregateEnvelope, callback: grpc.requestCallback<_basil_v1_AggregateAck__Output>): grpc.ClientUnaryCall;
  
}

/**
 * CrossGroup is served by every node of a Basil+ ring (plus.groups > 1).
 */
export interface CrossGroupHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Delivers a hop or multicast aggregate. Idempotent: the same sender's aggregate for the same
   * round and stage is stored once; a repeat is refused as stale (FAILED_PRECONDITION).
   * Errors as PushModel: INVALID_ARGUMENT for malformed weights; FAILED_PRECONDITION for a wrong
   * ring, epoch, stage or sender, or a round the receiver is not collecting; RESOURCE_EXHAUSTED
   * over the size limit; UNAVAILABLE while not configured or draining. Retry only UNAVAILABLE and
   * DEADLINE_EXCEEDED, within the aggregation timeout.
   */
  PassAggregate: grpc.handleUnaryCall<_basil_v1_AggregateEnvelope__Output, _basil_v1_AggregateAck>;
  
}

export interface CrossGroupDefinition extends grpc.ServiceDefinition {
  PassAggregate: MethodDefinition<_basil_v1_AggregateEnvelope, _basil_v1_AggregateAck, _basil_v1_AggregateEnvelope__Output, _basil_v1_AggregateAck__Output>
}
