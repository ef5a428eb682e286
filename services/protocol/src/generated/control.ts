import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { AggregateReport as _basil_v1_AggregateReport, AggregateReport__Output as _basil_v1_AggregateReport__Output } from './basil/v1/AggregateReport.js';
import type { Assignment as _basil_v1_Assignment, Assignment__Output as _basil_v1_Assignment__Output } from './basil/v1/Assignment.js';
import type { ConfigureResponse as _basil_v1_ConfigureResponse, ConfigureResponse__Output as _basil_v1_ConfigureResponse__Output } from './basil/v1/ConfigureResponse.js';
import type { NodeControlClient as _basil_v1_NodeControlClient, NodeControlDefinition as _basil_v1_NodeControlDefinition } from './basil/v1/NodeControl.js';
import type { NodeStatus as _basil_v1_NodeStatus, NodeStatus__Output as _basil_v1_NodeStatus__Output } from './basil/v1/NodeStatus.js';
import type { Peer as _basil_v1_Peer, Peer__Output as _basil_v1_Peer__Output } from './basil/v1/Peer.js';
import type { RejectionCount as _basil_v1_RejectionCount, RejectionCount__Output as _basil_v1_RejectionCount__Output } from './basil/v1/RejectionCount.js';
import type { Score as _basil_v1_Score, Score__Output as _basil_v1_Score__Output } from './basil/v1/Score.js';
import type { SharePeer as _basil_v1_SharePeer, SharePeer__Output as _basil_v1_SharePeer__Output } from './basil/v1/SharePeer.js';
import type { StartRequest as _basil_v1_StartRequest, StartRequest__Output as _basil_v1_StartRequest__Output } from './basil/v1/StartRequest.js';
import type { StartResponse as _basil_v1_StartResponse, StartResponse__Output as _basil_v1_StartResponse__Output } from './basil/v1/StartResponse.js';
import type { StatusRequest as _basil_v1_StatusRequest, StatusRequest__Output as _basil_v1_StatusRequest__Output } from './basil/v1/StatusRequest.js';
import type { StopRequest as _basil_v1_StopRequest, StopRequest__Output as _basil_v1_StopRequest__Output } from './basil/v1/StopRequest.js';
import type { StopResponse as _basil_v1_StopResponse, StopResponse__Output as _basil_v1_StopResponse__Output } from './basil/v1/StopResponse.js';
import type { TurnReport as _basil_v1_TurnReport, TurnReport__Output as _basil_v1_TurnReport__Output } from './basil/v1/TurnReport.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  basil: {
    v1: {
      AggregateReport: MessageTypeDefinition<_basil_v1_AggregateReport, _basil_v1_AggregateReport__Output>
      Assignment: MessageTypeDefinition<_basil_v1_Assignment, _basil_v1_Assignment__Output>
      ConfigureResponse: MessageTypeDefinition<_basil_v1_ConfigureResponse, _basil_v1_ConfigureResponse__Output>
      /**
       * NodeControl is served by every node for the operator.
       */
      NodeControl: SubtypeConstructor<typeof grpc.Client, _basil_v1_NodeControlClient> & { service: _basil_v1_NodeControlDefinition }
      NodeState: EnumTypeDefinition
      NodeStatus: MessageTypeDefinition<_basil_v1_NodeStatus, _basil_v1_NodeStatus__Output>
      Peer: MessageTypeDefinition<_basil_v1_Peer, _basil_v1_Peer__Output>
      RejectionCount: MessageTypeDefinition<_basil_v1_RejectionCount, _basil_v1_RejectionCount__Output>
      Role: EnumTypeDefinition
      Score: MessageTypeDefinition<_basil_v1_Score, _basil_v1_Score__Output>
      SharePeer: MessageTypeDefinition<_basil_v1_SharePeer, _basil_v1_SharePeer__Output>
      StartRequest: MessageTypeDefinition<_basil_v1_StartRequest, _basil_v1_StartRequest__Output>
      StartResponse: MessageTypeDefinition<_basil_v1_StartResponse, _basil_v1_StartResponse__Output>
      StatusRequest: MessageTypeDefinition<_basil_v1_StatusRequest, _basil_v1_StatusRequest__Output>
      StopRequest: MessageTypeDefinition<_basil_v1_StopRequest, _basil_v1_StopRequest__Output>
      StopResponse: MessageTypeDefinition<_basil_v1_StopResponse, _basil_v1_StopResponse__Output>
      TurnReport: MessageTypeDefinition<_basil_v1_TurnReport, _basil_v1_TurnReport__Output>
    }
  }
}

