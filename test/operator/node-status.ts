// A NodeStatus as a node answers GetStatus, for tests of what the operator makes of it.
import type { NodeStatus__Output } from '../../services/protocol/src/messages.js';

/** A running node of ring `ring`, epoch 1, with no reports; `overrides` replace any field. */
export function nodeStatus(overrides: Partial<NodeStatus__Output> = {}): NodeStatus__Output {
  return {
    state: 'NODE_STATE_RUNNING',
    ringId: 'ring',
    epoch: 1,
    position: 0,
    round: 0,
    turnsTaken: 0,
    turnsTimedOut: 0,
    reportsTotal: 0,
    reports: [],
    rejections: [],
    error: '',
    backend: 'wasm',
    aggregates: [],
    ...overrides,
  };
}
