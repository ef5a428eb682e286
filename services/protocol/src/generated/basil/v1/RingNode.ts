// Original file: proto/basil/v1/ring.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { ModelEnvelope as _basil_v1_ModelEnvelope, ModelEnvelope__Output as _basil_v1_ModelEnvelope__Output } from '../../basil/v1/ModelEnvelope.js';
import type { PushAck as _basil_v1_PushAck, PushAck__Output as _basil_v1_PushAck__Output } from '../../basil/v1/PushAck.js';

/**
 * RingNode is served by every node of the ring.
 */
export interface RingNodeClient extends grpc.Client {
  /**
   * Stores a predecessor's model in the receiver's memory and, when passes_turn is set, hands it
   * the turn. Idempotent: pushing the same model twice stores it once (the second is stale).
   * Errors: INVALID_ARGUMENT for a malformed model (manifest mismatch, non-finite values);
   * FAILED_PRECONDITION for a wrong ring, epoch or sender, or a stale round; RESOURCE_EXHAUSTED
   * over the size limit; UNAVAILABLE while not configured or draining. The status message starts
   * with the rejection reason. Retry only UNAVAILABLE and DEADLINE_EXCEEDED, within the turn.
   */
  PushModel(argument: _basil_v1_ModelEnvelope, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_basil_v1_PushAck__Output>): grpc.ClientUnaryCall;
  PushModel(argument: _basil_v1_ModelEnvelope, metadata: grpc.Metadata, callback: grpc.requestCallback<_basil_v1_PushAck__Output>): grpc.ClientUnaryCall;
  PushModel(argument: _basil_v1_ModelEnvelope, options: grpc.CallOptions, callback: grpc.requestCallback<_basil_v1_PushAck__Output>): grpc.ClientUnaryCall;
  PushModel(argument: _basil_v1_ModelEnvelope, callback: grpc.requestCallback<_basil_v1_PushAck__Output>): grpc.ClientUnaryCall;
  /**
   * Stores a predecessor's model in the receiver's memory and, when passes_turn is set, hands it
   * the turn. Idempotent: pushing the same model twice stores it once (the second is stale).
   * Errors: INVALID_ARGUMENT for a malformed model (manifest mismatch, non-finite values);
   * FAILED_PRECONDITION for a wrong ring, epoch or sender, or a stale round; RESOURCE_EXHAUSTED
   * over the size limit; UNAVAILABLE while not configured or draining. The status message starts
   * with the rejection reason. Retry only UNAVAILABLE and DEADLINE_EXCEEDED, within the turn.
   */
  pushModel(argument: _basil_v1_ModelEnvelope, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_basil_v1_PushAck__Output>): grpc.ClientUnaryCall;
  pushModel(argument: _basil_v1_ModelEnvelope, metadata: grpc.Metadata, callback: grpc.requestCallback<_basil_v1_PushAck__Output>): grpc.ClientUnaryCall;
  pushModel(argument: _basil_v1_ModelEnvelope, options: grpc.CallOptions, callback: grpc.requestCallback<_basil_v1_PushAck__Output>): grpc.ClientUnaryCall;
  pushModel(argument: _basil_v1_ModelEnvelope, callback: grpc.requestCallback<_basil_v1_PushAck__Output>): grpc.ClientUnaryCall;
  
}

/**
 * RingNode is served by every node of the ring.
 */
export interface RingNodeHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Stores a predecessor's model in the receiver's memory and, when passes_turn is set, hands it
   * the turn. Idempotent: pushing the same model twice stores it once (the second is stale).
   * Errors: INVALID_ARGUMENT for a malformed model (manifest mismatch, non-finite values);
   * FAILED_PRECONDITION for a wrong ring, epoch or sender, or a stale round; RESOURCE_EXHAUSTED
   * over the size limit; UNAVAILABLE while not configured or draining. The status message starts
   * with the rejection reason. Retry only UNAVAILABLE and DEADLINE_EXCEEDED, within the turn.
   */
  PushModel: grpc.handleUnaryCall<_basil_v1_ModelEnvelope__Output, _basil_v1_PushAck>;
  
}

export interface RingNodeDefinition extends grpc.ServiceDefinition {
  PushModel: MethodDefinition<_basil_v1_ModelEnvelope, _basil_v1_PushAck, _basil_v1_ModelEnvelope__Output, _basil_v1_PushAck__Output>
}
