// Checks an Assignment from the operator like any other input: every field, and the spec inside
// it, must make sense before the node loads data or opens a connection.
import { neighboursOf } from '../../core/src/acds/messages.js';
import { sharingLayout } from '../../core/src/acds/run.js';
import { predecessorsOf, successorsOf } from '../../core/src/basil/plan.js';
import { plusLinks, type PlusLinks } from '../../core/src/basil/plus.js';
import type { RingSpec } from '../../core/src/spec/schema.js';
import { parseRingSpec } from '../../core/src/spec/validate.js';
import type {
  Assignment__Output,
  Peer__Output,
  SharePeer__Output,
} from '../../protocol/src/messages.js';
import { InvalidAssignmentError } from './errors.js';

/** Another node of the ring. */
export interface PeerAddress {
  readonly position: number;
  readonly address: string;
}

/** An ACDS neighbour: node index and where its DataShare service listens. */
export interface SharePeerAddress extends PeerAddress {
  readonly nodeIndex: number;
}

/** Basil+ only: the node's group and the peers of the cross-group aggregation. */
export interface GroupAssignment {
  readonly links: PlusLinks;
  readonly aggregationSuccessors: readonly PeerAddress[];
  readonly aggregationPredecessors: readonly PeerAddress[];
}

/** A checked assignment: what the node runs until a newer epoch replaces it. */
export interface RunAssignment {
  readonly ringId: string;
  readonly epoch: number;
  readonly position: number;
  readonly nodeIndex: number;
  /** p+1 .. p+S, nearest first (wrapping within the group under Basil+). */
  readonly successors: readonly PeerAddress[];
  /** p-1 .. p-S, nearest first. */
  readonly predecessors: readonly PeerAddress[];
  /** ACDS only: the sharing neighbours, ascending by node index. */
  readonly sharePeers: readonly SharePeerAddress[];
  /** Basil+ only (plus.groups > 1). */
  readonly plus: GroupAssignment | undefined;
  readonly byzantine: boolean;
  readonly colluders: readonly number[];
  readonly spec: RingSpec;
  /** Last round completed before a restart; 0 for a fresh run. */
  readonly resumeRound: number;
  /** The assignment as received, to tell a repeated Configure from a conflicting one. */
  readonly fingerprint: string;
}

const MAX_NAME_LENGTH = 253;

function parseSpec(specJson: string): RingSpec {
  let input: unknown;
  try {
    input = JSON.parse(specJson);
  } catch (error) {
    throw new InvalidAssignmentError('spec_json', `not valid JSON (${(error as Error).message})`);
  }
  return parseRingSpec(input, 'spec_json');
}

const HOST_PORT = /^\S+:\d{1,5}$/;

function checkPeers(field: string, peers: readonly Peer__Output[], expected: readonly number[]) {
  const got = peers.map((peer) => peer.position);
  if (got.join(',') !== expected.join(',')) {
    const detail = `expected positions [${expected.join(', ')}], got [${got.join(', ')}]`;
    throw new InvalidAssignmentError(field, detail);
  }
  const blank = peers.find((peer) => !HOST_PORT.test(peer.address));
  if (blank !== undefined) {
    const detail = `position ${blank.position} needs host:port, got "${blank.address}"`;
    throw new InvalidAssignmentError(field, detail);
  }
  return peers.map(({ position, address }) => ({ position, address }));
}

function checkSharePeers(raw: Assignment__Output, spec: RingSpec): SharePeerAddress[] {
  const peers: readonly SharePeer__Output[] = raw.sharePeers;
  if (!spec.acds.enabled) {
    if (peers.length > 0) throw new InvalidAssignmentError('share_peers', 'acds is disabled');
    return [];
  }
  const layout = sharingLayout(spec.nodes, spec.acds.groupSize, spec.seed);
  const expected = neighboursOf(layout, raw.nodeIndex);
  const got = peers.map((peer) => peer.nodeIndex);
  if (got.join(',') !== expected.join(',')) {
    const detail = `expected node indices [${expected.join(', ')}], got [${got.join(', ')}]`;
    throw new InvalidAssignmentError('share_peers', detail);
  }
  peers.forEach((peer, i) => {
    checkRange(`share_peers[${i}].position`, peer.position, spec.nodes);
    if (!HOST_PORT.test(peer.address)) {
      throw new InvalidAssignmentError(`share_peers[${i}].address`, 'needs host:port');
    }
  });
  return peers.map(({ nodeIndex, position, address }) => ({ nodeIndex, position, address }));
}

function checkGroup(raw: Assignment__Output, spec: RingSpec): GroupAssignment | undefined {
  const { nodes, memory, plus } = spec;
  if (plus.groups === 1) {
    if (raw.group !== 0) throw new InvalidAssignmentError('group', 'plus.groups is 1');
    return undefined;
  }
  const links = plusLinks(nodes, plus.groups, memory, raw.position);
  if (raw.group !== links.group) {
    const detail = `position ${raw.position} is in group ${links.group}, got ${raw.group}`;
    throw new InvalidAssignmentError('group', detail);
  }
  return {
    links,
    aggregationSuccessors: checkPeers(
      'aggregation_successors',
      raw.aggregationSuccessors,
      links.aggregationSuccessors,
    ),
    aggregationPredecessors: checkPeers(
      'aggregation_predecessors',
      raw.aggregationPredecessors,
      links.aggregationPredecessors,
    ),
  };
}

function checkRange(field: string, value: number, below: number): void {
  if (!Number.isInteger(value) || value < 0 || value >= below) {
    throw new InvalidAssignmentError(field, `must be in [0, ${below - 1}], got ${value}`);
  }
}

/** Validates an Assignment; throws InvalidAssignmentError or SpecError naming the field. */
export function checkAssignment(raw: Assignment__Output): RunAssignment {
  if (raw.ringId.length === 0 || raw.ringId.length > MAX_NAME_LENGTH) {
    throw new InvalidAssignmentError('ring_id', `needs 1 to ${MAX_NAME_LENGTH} characters`);
  }
  const spec = parseSpec(raw.specJson);
  const { nodes, memory } = spec;
  checkRange('position', raw.position, nodes);
  checkRange('node_index', raw.nodeIndex, nodes);
  if (raw.role !== 'ROLE_HONEST' && raw.role !== 'ROLE_BYZANTINE') {
    throw new InvalidAssignmentError(
      'role',
      `must be ROLE_HONEST or ROLE_BYZANTINE, got ${raw.role}`,
    );
  }
  raw.colluders.forEach((position, i) => checkRange(`colluders[${i}]`, position, nodes));
  if (raw.resumeRound > spec.rounds) {
    const detail = `must be at most rounds (${spec.rounds}), got ${raw.resumeRound}`;
    throw new InvalidAssignmentError('resume_round', detail);
  }
  const plus = checkGroup(raw, spec);
  const successors = plus?.links.successors ?? successorsOf(raw.position, memory, nodes);
  const predecessors = plus?.links.predecessors ?? predecessorsOf(raw.position, memory, nodes);
  const byzantine = raw.role === 'ROLE_BYZANTINE';
  return {
    ringId: raw.ringId,
    epoch: raw.epoch,
    position: raw.position,
    nodeIndex: raw.nodeIndex,
    successors: checkPeers('successors', raw.successors, successors),
    predecessors: checkPeers('predecessors', raw.predecessors, predecessors),
    sharePeers: checkSharePeers(raw, spec),
    plus,
    byzantine,
    // Honest nodes have no use for the list; an empty one keeps their turns identical.
    colluders: byzantine ? [...raw.colluders] : [],
    spec,
    resumeRound: raw.resumeRound,
    fingerprint: JSON.stringify(raw),
  };
}
