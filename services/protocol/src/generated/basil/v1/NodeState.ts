// Original file: proto/basil/v1/control.proto

/**
 * A node's lifecycle, as reported by GetStatus.
 */
export const NodeState = {
  NODE_STATE_UNSPECIFIED: 'NODE_STATE_UNSPECIFIED',
  NODE_STATE_IDLE: 'NODE_STATE_IDLE',
  NODE_STATE_CONFIGURED: 'NODE_STATE_CONFIGURED',
  NODE_STATE_RUNNING: 'NODE_STATE_RUNNING',
  NODE_STATE_FINISHED: 'NODE_STATE_FINISHED',
  NODE_STATE_FAILED: 'NODE_STATE_FAILED',
  NODE_STATE_STOPPED: 'NODE_STATE_STOPPED',
} as const;

/**
 * A node's lifecycle, as reported by GetStatus.
 */
export type NodeState =
  | 'NODE_STATE_UNSPECIFIED'
  | 0
  | 'NODE_STATE_IDLE'
  | 1
  | 'NODE_STATE_CONFIGURED'
  | 2
  | 'NODE_STATE_RUNNING'
  | 3
  | 'NODE_STATE_FINISHED'
  | 4
  | 'NODE_STATE_FAILED'
  | 5
  | 'NODE_STATE_STOPPED'
  | 6

/**
 * A node's lifecycle, as reported by GetStatus.
 */
export type NodeState__Output = typeof NodeState[keyof typeof NodeState]
