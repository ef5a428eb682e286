// Original file: proto/basil/v1/control.proto

import type { NodeState as _basil_v1_NodeState, NodeState__Output as _basil_v1_NodeState__Output } from '../../basil/v1/NodeState.js';

export interface StartResponse {
  'state'?: (_basil_v1_NodeState);
}

export interface StartResponse__Output {
  'state': (_basil_v1_NodeState__Output);
}
