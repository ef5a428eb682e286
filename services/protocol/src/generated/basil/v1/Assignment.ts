// Original file: proto/basil/v1/control.proto

import type { Peer as _basil_v1_Peer, Peer__Output as _basil_v1_Peer__Output } from '../../basil/v1/Peer.js';
import type { Role as _basil_v1_Role, Role__Output as _basil_v1_Role__Output } from '../../basil/v1/Role.js';
import type { SharePeer as _basil_v1_SharePeer, SharePeer__Output as _basil_v1_SharePeer__Output } from '../../basil/v1/SharePeer.js';
import type { Long } from '@grpc/proto-loader';

/**
 * Everything a node needs for one run.
 */
export interface Assignment {
  'ringId'?: (string);
  'epoch'?: (number | string | Long);
  'position'?: (number);
  /**
   * Index of the node's data partition (its id in the ring plan).
   */
  'nodeIndex'?: (number);
  /**
   * Nearest first.
   */
  'successors'?: (_basil_v1_Peer)[];
  /**
   * Nearest first; only these positions may push models to the node.
   */
  'predecessors'?: (_basil_v1_Peer)[];
  'role'?: (_basil_v1_Role);
  /**
   * Positions of all Byzantine nodes; sent to Byzantine nodes only (they collude).
   */
  'colluders'?: (number)[];
  /**
   * The resolved ring spec, as JSON; validated by the node like any user input.
   */
  'specJson'?: (string);
  /**
   * Round to resume from after a restart (0 for a fresh run).
   */
  'resumeRound'?: (number);
  /**
   * ACDS only: the nodes this one exchanges sharing messages with (its neighbours in its sharing
   * group and, for an anchor, the neighbouring anchors), ascending by node index.
   */
  'sharePeers'?: (_basil_v1_SharePeer)[];
  /**
   * Basil+ only (plus.groups > 1): index of the node's group of consecutive positions.
   * successors and predecessors then wrap within the group.
   */
  'group'?: (number);
  /**
   * Basil+ only: where the node sends its aggregates (the next group's first S, or for the last
   * group's first S every group's first S), nearest first.
   */
  'aggregationSuccessors'?: (_basil_v1_Peer)[];
  /**
   * Basil+ only: positions whose hop aggregates the node accepts, in the order the aggregation
   * ranks them.
   */
  'aggregationPredecessors'?: (_basil_v1_Peer)[];
}

/**
 * Everything a node needs for one run.
 */
export interface Assignment__Output {
  'ringId': (string);
  'epoch': (number);
  'position': (number);
  /**
   * Index of the node's data partition (its id in the ring plan).
   */
  'nodeIndex': (number);
  /**
   * Nearest first.
   */
  'successors': (_basil_v1_Peer__Output)[];
  /**
   * Nearest first; only these positions may push models to the node.
   */
  'predecessors': (_basil_v1_Peer__Output)[];
  'role': (_basil_v1_Role__Output);
  /**
   * Positions of all Byzantine nodes; sent to Byzantine nodes only (they collude).
   */
  'colluders': (number)[];
  /**
   * The resolved ring spec, as JSON; validated by the node like any user input.
   */
  'specJson': (string);
  /**
   * Round to resume from after a restart (0 for a fresh run).
   */
  'resumeRound': (number);
  /**
   * ACDS only: the nodes this one exchanges sharing messages with (its neighbours in its sharing
   * group and, for an anchor, the neighbouring anchors), ascending by node index.
   */
  'sharePeers': (_basil_v1_SharePeer__Output)[];
  /**
   * Basil+ only (plus.groups > 1): index of the node's group of consecutive positions.
   * successors and predecessors then wrap within the group.
   */
  'group': (number);
  /**
   * Basil+ only: where the node sends its aggregates (the next group's first S, or for the last
   * group's first S every group's first S), nearest first.
   */
  'aggregationSuccessors': (_basil_v1_Peer__Output)[];
  /**
   * Basil+ only: positions whose hop aggregates the node accepts, in the order the aggregation
   * ranks them.
   */
  'aggregationPredecessors': (_basil_v1_Peer__Output)[];
}
