// The wire contract's message types under one short import path. Generated from the protos by
// scripts/gen-proto.sh; `X` is what a sender may pass, `X__Output` what a receiver gets.
export type * from './generated/basil/v1/Assignment.js';
export type * from './generated/basil/v1/ConfigureResponse.js';
export type * from './generated/basil/v1/DType.js';
export type * from './generated/basil/v1/ModelEnvelope.js';
export type * from './generated/basil/v1/NodeControl.js';
export type * from './generated/basil/v1/NodeState.js';
export type * from './generated/basil/v1/NodeStatus.js';
export type * from './generated/basil/v1/Peer.js';
export type * from './generated/basil/v1/PushAck.js';
export type * from './generated/basil/v1/RejectionCount.js';
export type * from './generated/basil/v1/RingNode.js';
export type * from './generated/basil/v1/Role.js';
export type * from './generated/basil/v1/Score.js';
export type * from './generated/basil/v1/StartRequest.js';
export type * from './generated/basil/v1/StartResponse.js';
export type * from './generated/basil/v1/StatusRequest.js';
export type * from './generated/basil/v1/StopRequest.js';
export type * from './generated/basil/v1/StopResponse.js';
export type * from './generated/basil/v1/Tensor.js';
export type * from './generated/basil/v1/TurnReport.js';
