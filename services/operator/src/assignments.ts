// From a spec, its plan and where each node listens, the assignment every position receives.
// Pure, so the local driver and the Kubernetes driver hand out exactly the same rings.
import {
  neighboursOf,
  plusLinks,
  predecessorsOf,
  roleAt,
  sharingLayout,
  successorsOf,
  type RingPlan,
  type RingSpec,
} from '../../core/src/index.js';
import type { Assignment } from '../../protocol/src/load.js';

/** Inputs of `planAssignments`: the run, and the gRPC address of the node at each position. */
export interface AssignmentInput {
  readonly spec: RingSpec;
  readonly plan: RingPlan;
  /** `addresses[position]` is the host:port of that position's node. */
  readonly addresses: readonly string[];
  readonly ringId: string;
  readonly epoch: number;
}

/** An assignment as sent over the wire, with every field set. */
export type RingAssignment = Required<Omit<Assignment, 'epoch'>> & { readonly epoch: number };

/** Raised when the addresses do not fit the ring the spec describes. */
export class AssignmentError extends Error {
  override name = 'AssignmentError';
}

function check({ spec, plan, addresses, ringId }: AssignmentInput): void {
  if (addresses.length !== spec.nodes) {
    throw new AssignmentError(`addresses: need ${spec.nodes}, got ${addresses.length}`);
  }
  if (plan.order.length !== spec.nodes) {
    throw new AssignmentError(`plan.order: need ${spec.nodes}, got ${plan.order.length}`);
  }
  const blank = addresses.findIndex((address) => address.trim() === '');
  if (blank >= 0) throw new AssignmentError(`addresses[${blank}]: empty address`);
  if (ringId === '') throw new AssignmentError('ringId: empty');
}

/** Under ACDS, the sharing neighbours of the node at each position, by node index. */
function sharePeersOf(input: AssignmentInput): (position: number) => RingAssignment['sharePeers'] {
  const { spec, plan, addresses } = input;
  if (!spec.acds.enabled) return () => [];
  const layout = sharingLayout(spec.nodes, spec.acds.groupSize, spec.seed);
  const positionOf = new Map(plan.order.map((nodeIndex, position) => [nodeIndex, position]));
  return (position) =>
    neighboursOf(layout, plan.order[position] as number).map((nodeIndex) => {
      const at = positionOf.get(nodeIndex) as number;
      return { nodeIndex, position: at, address: addresses[at] as string };
    });
}

/** One assignment per ring position, in position order. */
export function planAssignments(input: AssignmentInput): RingAssignment[] {
  check(input);
  const { spec, plan, addresses, ringId, epoch } = input;
  const specJson = JSON.stringify(spec);
  const peer = (position: number) => ({ position, address: addresses[position] as string });
  const sharePeers = sharePeersOf(input);
  return plan.order.map((nodeIndex, position) => {
    const byzantine = roleAt(plan, position) === 'byzantine';
    const links =
      spec.plus.groups > 1
        ? plusLinks(spec.nodes, spec.plus.groups, spec.memory, position)
        : undefined;
    return {
      ringId,
      epoch,
      position,
      nodeIndex,
      successors: (links?.successors ?? successorsOf(position, spec.memory, spec.nodes)).map(peer),
      predecessors: (links?.predecessors ?? predecessorsOf(position, spec.memory, spec.nodes)).map(
        peer,
      ),
      role: byzantine ? 'ROLE_BYZANTINE' : 'ROLE_HONEST',
      // Honest nodes must not learn who the attackers are.
      colluders: byzantine ? [...plan.byzantinePositions] : [],
      specJson,
      resumeRound: 0,
      sharePeers: sharePeers(position),
      group: links?.group ?? 0,
      aggregationSuccessors: (links?.aggregationSuccessors ?? []).map(peer),
      aggregationPredecessors: (links?.aggregationPredecessors ?? []).map(peer),
    };
  });
}
