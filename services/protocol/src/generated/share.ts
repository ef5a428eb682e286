import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { AggregateAck as _basil_v1_AggregateAck, AggregateAck__Output as _basil_v1_AggregateAck__Output } from './basil/v1/AggregateAck.js';
import type { AggregateEnvelope as _basil_v1_AggregateEnvelope, AggregateEnvelope__Output as _basil_v1_AggregateEnvelope__Output } from './basil/v1/AggregateEnvelope.js';
import type { CrossGroupClient as _basil_v1_CrossGroupClient, CrossGroupDefinition as _basil_v1_CrossGroupDefinition } from './basil/v1/CrossGroup.js';
import type { DataShareClient as _basil_v1_DataShareClient, DataShareDefinition as _basil_v1_DataShareDefinition } from './basil/v1/DataShare.js';
import type { GroupModel as _basil_v1_GroupModel, GroupModel__Output as _basil_v1_GroupModel__Output } from './basil/v1/GroupModel.js';
import type { ModelEnvelope as _basil_v1_ModelEnvelope, ModelEnvelope__Output as _basil_v1_ModelEnvelope__Output } from './basil/v1/ModelEnvelope.js';
import type { PushAck as _basil_v1_PushAck, PushAck__Output as _basil_v1_PushAck__Output } from './basil/v1/PushAck.js';
import type { RingNodeClient as _basil_v1_RingNodeClient, RingNodeDefinition as _basil_v1_RingNodeDefinition } from './basil/v1/RingNode.js';
import type { SampleBatch as _basil_v1_SampleBatch, SampleBatch__Output as _basil_v1_SampleBatch__Output } from './basil/v1/SampleBatch.js';
import type { ShareAck as _basil_v1_ShareAck, ShareAck__Output as _basil_v1_ShareAck__Output } from './basil/v1/ShareAck.js';
import type { ShareSet as _basil_v1_ShareSet, ShareSet__Output as _basil_v1_ShareSet__Output } from './basil/v1/ShareSet.js';
import type { Tensor as _basil_v1_Tensor, Tensor__Output as _basil_v1_Tensor__Output } from './basil/v1/Tensor.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  basil: {
    v1: {
      AggregateAck: MessageTypeDefinition<_basil_v1_AggregateAck, _basil_v1_AggregateAck__Output>
      AggregateEnvelope: MessageTypeDefinition<_basil_v1_AggregateEnvelope, _basil_v1_AggregateEnvelope__Output>
      AggregateStage: EnumTypeDefinition
      /**
       * CrossGroup is served by every node of a Basil+ ring (plus.groups > 1).
       */
      CrossGroup: SubtypeConstructor<typeof grpc.Client, _basil_v1_CrossGroupClient> & { service: _basil_v1_CrossGroupDefinition }
      DType: EnumTypeDefinition
      /**
       * DataShare is served by every node while its run is configured.
       */
      DataShare: SubtypeConstructor<typeof grpc.Client, _basil_v1_DataShareClient> & { service: _basil_v1_DataShareDefinition }
      GroupModel: MessageTypeDefinition<_basil_v1_GroupModel, _basil_v1_GroupModel__Output>
      ModelEnvelope: MessageTypeDefinition<_basil_v1_ModelEnvelope, _basil_v1_ModelEnvelope__Output>
      PushAck: MessageTypeDefinition<_basil_v1_PushAck, _basil_v1_PushAck__Output>
      /**
       * RingNode is served by every node of the ring.
       */
      RingNode: SubtypeConstructor<typeof grpc.Client, _basil_v1_RingNodeClient> & { service: _basil_v1_RingNodeDefinition }
      SampleBatch: MessageTypeDefinition<_basil_v1_SampleBatch, _basil_v1_SampleBatch__Output>
      ShareAck: MessageTypeDefinition<_basil_v1_ShareAck, _basil_v1_ShareAck__Output>
      ShareKind: EnumTypeDefinition
      ShareSet: MessageTypeDefinition<_basil_v1_ShareSet, _basil_v1_ShareSet__Output>
      Tensor: MessageTypeDefinition<_basil_v1_Tensor, _basil_v1_Tensor__Output>
    }
  }
}

