// Checks an Assignment from the operator like any other input: every field, and the spec inside
// it, must make sense before the node loads data or opens a connection.
import { predecessorsOf, successorsOf } from '../../core/src/basil/plan.js';
import type { RingSpec } from '../../core/src/spec/schema.js';
import { parseRingSpec } from '../../core/src/spec/validate.js';
import type { Assignment__Output, Peer__Output } from '../../protocol/src/messages.js';
import { InvalidAssignmentError } from './errors.js';

/** Another node of the ring. */
export interface PeerAddress {
  readonly position: number;
  readonly address: string;
}

/** A checked assignment: what the node runs until a newer epoch replaces it. */
export interface RunAssignment {
  readonly ringId: string;
  readonly epoch: number;
  readonly position: number;
  readonly nodeIndex: number;
  /** p+1 .. p+S, nearest first. */
  readonly successors: readonly PeerAddress[];
  /** p-1 .. p-S, nearest first. */
  readonly predecessors: readonly PeerAddress[];
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

function checkPeers(field: string, peers: readonly Peer__Output[], expected: number[]) {
  const got = peers.map((peer) => peer.position);
  if (got.join(',') !== expected.join(',')) {
    const detail = `expected positions [${expected.join(', ')}], got [${got.join(', ')}]`;
    throw new InvalidAssignmentError(field, detail);
  }
  const blank = peers.find((peer) => !/^\S+:\d{1,5}$/.test(peer.address));
  if (blank !== undefined) {
    const detail = `position ${blank.position} needs host:port, got "${blank.address}"`;
    throw new InvalidAssignmentError(field, detail);
  }
  return peers.map(({ position, address }) => ({ position, address }));
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
  if (spec.acds.enabled || spec.plus.groups > 1) {
    // TODO(node): serve ACDS sharing and Basil+ groups; until then refuse rather than run plain
    // Basil under a spec that asks for more.
    throw new InvalidAssignmentError(
      'spec_json',
      'acds and plus groups are not served by nodes yet',
    );
  }
  const byzantine = raw.role === 'ROLE_BYZANTINE';
  return {
    ringId: raw.ringId,
    epoch: raw.epoch,
    position: raw.position,
    nodeIndex: raw.nodeIndex,
    successors: checkPeers('successors', raw.successors, successorsOf(raw.position, memory, nodes)),
    predecessors: checkPeers(
      'predecessors',
      raw.predecessors,
      predecessorsOf(raw.position, memory, nodes),
    ),
    byzantine,
    // Honest nodes have no use for the list; an empty one keeps their turns identical.
    colluders: byzantine ? [...raw.colluders] : [],
    spec,
    resumeRound: raw.resumeRound,
    fingerprint: JSON.stringify(raw),
  };
}
