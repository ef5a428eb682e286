// Original file: proto/basil/v1/control.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { Assignment as _basil_v1_Assignment, Assignment__Output as _basil_v1_Assignment__Output } from '../../basil/v1/Assignment.js';
import type { ConfigureResponse as _basil_v1_ConfigureResponse, ConfigureResponse__Output as _basil_v1_ConfigureResponse__Output } from '../../basil/v1/ConfigureResponse.js';
import type { NodeStatus as _basil_v1_NodeStatus, NodeStatus__Output as _basil_v1_NodeStatus__Output } from '../../basil/v1/NodeStatus.js';
import type { StartRequest as _basil_v1_StartRequest, StartRequest__Output as _basil_v1_StartRequest__Output } from '../../basil/v1/StartRequest.js';
import type { StartResponse as _basil_v1_StartResponse, StartResponse__Output as _basil_v1_StartResponse__Output } from '../../basil/v1/StartResponse.js';
import type { StatusRequest as _basil_v1_StatusRequest, StatusRequest__Output as _basil_v1_StatusRequest__Output } from '../../basil/v1/StatusRequest.js';
import type { StopRequest as _basil_v1_StopRequest, StopRequest__Output as _basil_v1_StopRequest__Output } from '../../basil/v1/StopRequest.js';
import type { StopResponse as _basil_v1_StopResponse, StopResponse__Output as _basil_v1_StopResponse__Output } from '../../basil/v1/StopResponse.js';

/**
 * NodeControl is served by every node for the operator.
 */
export interface NodeControlClient extends grpc.Client {
  /**
   * Loads data and model for the assignment. Idempotent for the same ring_id and epoch; a newer
   * epoch replaces the old assignment. INVALID_ARGUMENT for a bad spec or assignment (the message
   * names the field); FAILED_PRECONDITION for an older epoch.
   */
  Configure(argument: _basil_v1_Assignment, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_basil_v1_ConfigureResponse__Output>): grpc.ClientUnaryCall;
  Configure(argument: _basil_v1_Assignment, metadata: grpc.Metadata, callback: grpc.requestCallback<_basil_v1_ConfigureResponse__Output>): grpc.ClientUnaryCall;
  Configure(argument: _basil_v1_Assignment, options: grpc.CallOptions, callback: grpc.requestCallback<_basil_v1_ConfigureResponse__Output>): grpc.ClientUnaryCall;
  Configure(argument: _basil_v1_Assignment, callback: grpc.requestCallback<_basil_v1_ConfigureResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Loads data and model for the assignment. Idempotent for the same ring_id and epoch; a newer
   * epoch replaces the old assignment. INVALID_ARGUMENT for a bad spec or assignment (the message
   * names the field); FAILED_PRECONDITION for an older epoch.
   */
  configure(argument: _basil_v1_Assignment, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_basil_v1_ConfigureResponse__Output>): grpc.ClientUnaryCall;
  configure(argument: _basil_v1_Assignment, metadata: grpc.Metadata, callback: grpc.requestCallback<_basil_v1_ConfigureResponse__Output>): grpc.ClientUnaryCall;
  configure(argument: _basil_v1_Assignment, options: grpc.CallOptions, callback: grpc.requestCallback<_basil_v1_ConfigureResponse__Output>): grpc.ClientUnaryCall;
  configure(argument: _basil_v1_Assignment, callback: grpc.requestCallback<_basil_v1_ConfigureResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Current state and turn reports. Read-only; safe to retry.
   */
  GetStatus(argument: _basil_v1_StatusRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_basil_v1_NodeStatus__Output>): grpc.ClientUnaryCall;
  GetStatus(argument: _basil_v1_StatusRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_basil_v1_NodeStatus__Output>): grpc.ClientUnaryCall;
  GetStatus(argument: _basil_v1_StatusRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_basil_v1_NodeStatus__Output>): grpc.ClientUnaryCall;
  GetStatus(argument: _basil_v1_StatusRequest, callback: grpc.requestCallback<_basil_v1_NodeStatus__Output>): grpc.ClientUnaryCall;
  /**
   * Current state and turn reports. Read-only; safe to retry.
   */
  getStatus(argument: _basil_v1_StatusRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_basil_v1_NodeStatus__Output>): grpc.ClientUnaryCall;
  getStatus(argument: _basil_v1_StatusRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_basil_v1_NodeStatus__Output>): grpc.ClientUnaryCall;
  getStatus(argument: _basil_v1_StatusRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_basil_v1_NodeStatus__Output>): grpc.ClientUnaryCall;
  getStatus(argument: _basil_v1_StatusRequest, callback: grpc.requestCallback<_basil_v1_NodeStatus__Output>): grpc.ClientUnaryCall;
  
  /**
   * Starts the run (position 0 takes the first turn). Idempotent. FAILED_PRECONDITION when not
   * configured for that ring and epoch.
   */
  Start(argument: _basil_v1_StartRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_basil_v1_StartResponse__Output>): grpc.ClientUnaryCall;
  Start(argument: _basil_v1_StartRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_basil_v1_StartResponse__Output>): grpc.ClientUnaryCall;
  Start(argument: _basil_v1_StartRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_basil_v1_StartResponse__Output>): grpc.ClientUnaryCall;
  Start(argument: _basil_v1_StartRequest, callback: grpc.requestCallback<_basil_v1_StartResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Starts the run (position 0 takes the first turn). Idempotent. FAILED_PRECONDITION when not
   * configured for that ring and epoch.
   */
  start(argument: _basil_v1_StartRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_basil_v1_StartResponse__Output>): grpc.ClientUnaryCall;
  start(argument: _basil_v1_StartRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_basil_v1_StartResponse__Output>): grpc.ClientUnaryCall;
  start(argument: _basil_v1_StartRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_basil_v1_StartResponse__Output>): grpc.ClientUnaryCall;
  start(argument: _basil_v1_StartRequest, callback: grpc.requestCallback<_basil_v1_StartResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Stops taking turns. Idempotent.
   */
  Stop(argument: _basil_v1_StopRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_basil_v1_StopResponse__Output>): grpc.ClientUnaryCall;
  Stop(argument: _basil_v1_StopRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_basil_v1_StopResponse__Output>): grpc.ClientUnaryCall;
  Stop(argument: _basil_v1_StopRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_basil_v1_StopResponse__Output>): grpc.ClientUnaryCall;
  Stop(argument: _basil_v1_StopRequest, callback: grpc.requestCallback<_basil_v1_StopResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Stops taking turns. Idempotent.
   */
  stop(argument: _basil_v1_StopRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_basil_v1_StopResponse__Output>): grpc.ClientUnaryCall;
  stop(argument: _basil_v1_StopRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_basil_v1_StopResponse__Output>): grpc.ClientUnaryCall;
  stop(argument: _basil_v1_StopRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_basil_v1_StopResponse__Output>): grpc.ClientUnaryCall;
  stop(argument: _basil_v1_StopRequest, callback: grpc.requestCallback<_basil_v1_StopResponse__Output>): grpc.ClientUnaryCall;
  
}

/**
 * NodeControl is served by every node for the operator.
 */
export interface NodeControlHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Loads data and model for the assignment. Idempotent for the same ring_id and epoch; a newer
   * epoch replaces the old assignment. INVALID_ARGUMENT for a bad spec or assignment (the message
   * names the field); FAILED_PRECONDITION for an older epoch.
   */
  Configure: grpc.handleUnaryCall<_basil_v1_Assignment__Output, _basil_v1_ConfigureResponse>;
  
  /**
   * Current state and turn reports. Read-only; safe to retry.
   */
  GetStatus: grpc.handleUnaryCall<_basil_v1_StatusRequest__Output, _basil_v1_NodeStatus>;
  
  /**
   * Starts the run (position 0 takes the first turn). Idempotent. FAILED_PRECONDITION when not
   * configured for that ring and epoch.
   */
  Start: grpc.handleUnaryCall<_basil_v1_StartRequest__Output, _basil_v1_StartResponse>;
  
  /**
   * Stops taking turns. Idempotent.
   */
  Stop: grpc.handleUnaryCall<_basil_v1_StopRequest__Output, _basil_v1_StopResponse>;
  
}

export interface NodeControlDefinition extends grpc.ServiceDefinition {
  Configure: MethodDefinition<_basil_v1_Assignment, _basil_v1_ConfigureResponse, _basil_v1_Assignment__Output, _basil_v1_ConfigureResponse__Output>
  GetStatus: MethodDefinition<_basil_v1_StatusRequest, _basil_v1_NodeStatus, _basil_v1_StatusRequest__Output, _basil_v1_NodeStatus__Output>
  Start: MethodDefinition<_basil_v1_StartRequest, _basil_v1_StartResponse, _basil_v1_StartRequest__Output, _basil_v1_StartResponse__Output>
  Stop: MethodDefinition<_basil_v1_StopRequest, _basil_v1_StopResponse, _basil_v1_StopRequest__Output, _basil_v1_StopResponse__Output>
}
