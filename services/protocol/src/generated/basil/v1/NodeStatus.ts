// Original file: proto/basil/v1/control.proto

import type { NodeState as _basil_v1_NodeState, NodeState__Output as _basil_v1_NodeState__Output } from '../../basil/v1/NodeState.js';
import type { TurnReport as _basil_v1_TurnReport, TurnReport__Output as _basil_v1_TurnReport__Output } from '../../basil/v1/TurnReport.js';
import type { RejectionCount as _basil_v1_RejectionCount, RejectionCount__Output as _basil_v1_RejectionCount__Output } from '../../basil/v1/RejectionCount.js';
import type { AggregateReport as _basil_v1_AggregateReport, AggregateReport__Output as _basil_v1_AggregateReport__Output } from '../../basil/v1/AggregateReport.js';
import type { Long } from '@grpc/proto-loader';

export interface NodeStatus {
  'state'?: (_basil_v1_NodeState);
  'ringId'?: (string);
  'epoch'?: (number | string | Long);
  'position'?: (number);
  /**
   * Last round this node completed a turn in.
   */
  'round'?: (number);
  'turnsTaken'?: (number);
  'turnsTimedOut'?: (number);
  /**
   * Total number of reports; reports holds those from reports_from on.
   */
  'reportsTotal'?: (number);
  'reports'?: (_basil_v1_TurnReport)[];
  'rejections'?: (_basil_v1_RejectionCount)[];
  /**
   * Set when state is FAILED.
   */
  'error'?: (string);
  /**
   * Training backend in use: tensorflow, wasm or cpu.
   */
  'backend'?: (string);
  /**
   * Basil+ only: every cross-group merge this node ran, oldest first.
   */
  'aggregates'?: (_basil_v1_AggregateReport)[];
}

export interface NodeStatus__Output {
  'state': (_basil_v1_NodeState__Output);
  'ringId': (string);
  'epoch': (number);
  'position': (number);
  /**
   * Last round this node completed a turn in.
   */
  'round': (number);
  'turnsTaken': (number);
  'turnsTimedOut': (number);
  /**
   * Total number of reports; reports holds those from reports_from on.
   */
  'reportsTotal': (number);
  'reports': (_basil_v1_TurnReport__Output)[];
  'rejections': (_basil_v1_RejectionCount__Output)[];
  /**
   * Set when state is FAILED.
   */
  'error': (string);
  /**
   * Training backend in use: tensorflow, wasm or cpu.
   */
  'backend': (string);
  /**
   * Basil+ only: every cross-group merge this node ran, oldest first.
   */
  'aggregates': (_basil_v1_AggregateReport__Output)[];
}
