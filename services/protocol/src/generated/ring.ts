import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { ModelEnvelope as _basil_v1_ModelEnvelope, ModelEnvelope__Output as _basil_v1_ModelEnvelope__Output } from './basil/v1/ModelEnvelope.js';
import type { PushAck as _basil_v1_PushAck, PushAck__Output as _basil_v1_PushAck__Output } from './basil/v1/PushAck.js';
import type { RingNodeClient as _basil_v1_RingNodeClient, RingNodeDefinition as _basil_v1_RingNodeDefinition } from './basil/v1/RingNode.js';
import type { Tensor as _basil_v1_Tensor, Tensor__Output as _basil_v1_Tensor__Output } from './basil/v1/Tensor.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  basil: {
    v1: {
      DType: EnumTypeDefinition
      ModelEnvelope: MessageTypeDefinition<_basil_v1_ModelEnvelope, _basil_v1_ModelEnvelope__Output>
      PushAck: MessageTypeDefinition<_basil_v1_PushAck, _basil_v1_PushAck__Output>
      /**
       * RingNode is served by every node of the ring.
       */
      RingNode: SubtypeConstructor<typeof grpc.Client, _basil_v1_RingNodeClient> & { service: _basil_v1_RingNodeDefinition }
      Tensor: MessageTypeDefinition<_basil_v1_Tensor, _basil_v1_Tensor__Output>
    }
  }
}

