// Original file: proto/basil/v1/share.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { ShareAck as _basil_v1_ShareAck, ShareAck__Output as _basil_v1_ShareAck__Output } from '../../basil/v1/ShareAck.js';
import type { ShareSet as _basil_v1_ShareSet, ShareSet__Output as _basil_v1_ShareSet__Output } from '../../basil/v1/ShareSet.js';

/**
 * DataShare is served by every node while its run is configured.
 */
export interface DataShareClient extends grpc.Client {
  /**
   * Hands an ACDS message to the next node the protocol names. Not idempotent: a set or pool
   * delivered twice is refused the second time (FAILED_PRECONDITION), so a sender retries only
   * UNAVAILABLE and DEADLINE_EXCEEDED, and only until it sees FAILED_PRECONDITION, which then
   * means the first copy arrived. Errors: INVALID_ARGUMENT for malformed samples (shape, sizes,
   * labels); FAILED_PRECONDITION for a wrong ring or epoch, a sender the protocol does not expect
   * at this point, or a repeated message; RESOURCE_EXHAUSTED over the size limit; UNAVAILABLE
   * while not configured or draining. The status message starts with the rejection reason.
   */
  PassSet(argument: _basil_v1_ShareSet, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_basil_v1_ShareAck__Output>): grpc.ClientUnaryCall;
  PassSet(argument: _basil_v1_ShareSet, metadata: grpc.Metadata, callback: grpc.requestCallback<_basil_v1_ShareAck__Output>): grpc.ClientUnaryCall;
  PassSet(argument: _basil_v1_ShareSet, options: grpc.CallOptions, callback: grpc.requestCallback<_basil_v1_ShareAck__Output>): grpc.ClientUnaryCall;
  PassSet(argument: _basil_v1_ShareSet, callback: grpc.requestCallback<_basil_v1_ShareAck__Output>): grpc.ClientUnaryCall;
  /**
   * Hands an ACDS message to the next node the protocol names. Not idempotent: a set or pool
   * delivered twice is refused the second time (FAILED_PRECONDITION), so a sender retries only
   * UNAVAILABLE and DEADLINE_EXCEEDED, and only until it sees FAILED_PRECONDITION, which then
   * means the first copy arrived. Errors: INVALID_ARGUMENT for malformed samples (shape, sizes,
   * labels); FAILED_PRECONDITION for a wrong ring or epoch, a sender the protocol does not expect
   * at this point, or a repeated message; RESOURCE_EXHAUSTED over the size limit; UNAVAILABLE
   * while not configured or draining. The status message starts with the rejection reason.
   */
  passSet(argument: _basil_v1_ShareSet, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_basil_v1_ShareAck__Output>): grpc.ClientUnaryCall;
  passSet(argument: _basil_v1_ShareSet, metadata: grpc.Metadata, callback: grpc.requestCallback<_basil_v1_ShareAck__Output>): grpc.ClientUnaryCall;
  passSet(argument: _basil_v1_ShareSet, options: grpc.CallOptions, callback: grpc.requestCallback<_basil_v1_ShareAck__Output>): grpc.ClientUnaryCall;
  passSet(argument: _basil_v1_ShareSet, callback: grpc.requestCallback<_basil_v1_ShareAck__Output>): grpc.ClientUnaryCall;
  
}

/**
 * DataShare is served by every node while its run is configured.
 */
export interface DataShareHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Hands an ACDS message to the next node the protocol names. Not idempotent: a set or pool
   * delivered twice is refused the second time (FAILED_PRECONDITION), so a sender retries only
   * UNAVAILABLE and DEADLINE_EXCEEDED, and only until it sees FAILED_PRECONDITION, which then
   * means the first copy arrived. Errors: INVALID_ARGUMENT for malformed samples (shape, sizes,
   * labels); FAILED_PRECONDITION for a wrong ring or epoch, a sender the protocol does not expect
   * at this point, or a repeated message; RESOURCE_EXHAUSTED over the size limit; UNAVAILABLE
   * while not configured or draining. The status message starts with the rejection reason.
   */
  PassSet: grpc.handleUnaryCall<_basil_v1_ShareSet__Output, _basil_v1_ShareAck>;
  
}

export interface DataShareDefinition extends grpc.ServiceDefinition {
  PassSet: MethodDefinition<_basil_v1_ShareSet, _basil_v1_ShareAck, _basil_v1_ShareSet__Output, _basil_v1_ShareAck__Output>
}
