import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseRingSpec, planRing, type RingPlan } from '../../services/core/src/index.js';
import {
  AssignmentError,
  planAssignments,
  type RingAssignment,
} from '../../services/operator/src/assignments.js';

const addressesOf = (n: number): string[] =>
  Array.from({ length: n }, (_, p) => `10.0.0.${p}:7000`);

const peers = (assignment: RingAssignment, key: 'successors' | 'predecessors') =>
  assignment[key].map((peer) => [peer.position, peer.address]);

describe('planAssignments', () => {
  const spec = parseRingSpec({
    nodes: 5,
    memory: 3,
    byzantine: { count: 2, placement: 'explicit', positions: [1, 4] },
  });
  const plan: RingPlan = { order: [3, 0, 4, 2, 1], byzantinePositions: [1, 4] };
  const assignments = planAssignments({
    spec,
    plan,
    addresses: addressesOf(5),
    ringId: 'ring-a',
    epoch: 7,
  });

  it('gives one assignment per position, in position order', () => {
    assert.deepEqual(
      assignments.map((a) => [a.position, a.nodeIndex, a.ringId, a.epoch, a.resumeRound]),
      [
        [0, 3, 'ring-a', 7, 0],
        [1, 0, 'ring-a', 7, 0],
        [2, 4, 'ring-a', 7, 0],
        [3, 2, 'ring-a', 7, 0],
        [4, 1, 'ring-a', 7, 0],
      ],
    );
  });

  const neighbours = [
    {
      position: 0,
      successors: [1, 2, 3],
      predecessors: [4, 3, 2],
    },
    {
      position: 3,
      successors: [4, 0, 1],
      predecessors: [2, 1, 0],
    },
    {
      position: 4,
      successors: [0, 1, 2],
      predecessors: [3, 2, 1],
    },
  ];
  for (const { position, successors, predecessors } of neighbours) {
    it(`lists S successors and predecessors of position ${position}, nearest first`, () => {
      const assignment = assignments[position] as RingAssignment;
      assert.deepEqual(
        peers(assignment, 'successors'),
        successors.map((p) => [p, `10.0.0.${p}:7000`]),
      );
      assert.deepEqual(
        peers(assignment, 'predecessors'),
        predecessors.map((p) => [p, `10.0.0.${p}:7000`]),
      );
    });
  }

  it('marks the planned positions Byzantine and tells only them who colludes', () => {
    assert.deepEqual(
      assignments.map((a) => [a.role, a.colluders]),
      [
        ['ROLE_HONEST', []],
        ['ROLE_BYZANTINE', [1, 4]],
        ['ROLE_HONEST', []],
        ['ROLE_HONEST', []],
        ['ROLE_BYZANTINE', [1, 4]],
      ],
    );
  });

  it('carries the resolved spec, which parses back to the same spec', () => {
    for (const assignment of assignments) {
      assert.deepEqual(parseRingSpec(JSON.parse(assignment.specJson)), spec);
    }
  });

  it('agrees with the seeded plan for a spec without explicit positions', () => {
    const seeded = parseRingSpec({ nodes: 6, seed: 11, byzantine: { count: 1 } });
    const seededPlan = planRing(seeded);
    const result = planAssignments({
      spec: seeded,
      plan: seededPlan,
      addresses: addressesOf(6),
      ringId: 'r',
      epoch: 1,
    });
    assert.deepEqual(
      result.map((a) => a.nodeIndex),
      [...seededPlan.order],
    );
    assert.deepEqual(
      result.flatMap((a) => (a.role === 'ROLE_BYZANTINE' ? [a.position] : [])),
      [...seededPlan.byzantinePositions],
    );
  });

  const invalid = [
    { name: 'too few addresses', addresses: addressesOf(4), ringId: 'r', message: /need 5, got 4/ },
    {
      name: 'an empty address',
      addresses: ['a:1', 'b:1', ' ', 'd:1', 'e:1'],
      ringId: 'r',
      message: /addresses\[2\]: empty address/,
    },
    { name: 'an empty ring id', addresses: addressesOf(5), ringId: '', message: /ringId: empty/ },
  ];
  for (const { name, addresses, ringId, message } of invalid) {
    it(`rejects ${name}`, () => {
      assert.throws(
        () => planAssignments({ spec, plan, addresses, ringId, epoch: 1 }),
        (error: unknown) => error instanceof AssignmentError && message.test(error.message),
      );
    });
  }
});

describe('planAssignments under Basil+', () => {
  // Groups [0, 1, 2] and [3, 4, 5] with S = 2.
  const spec = parseRingSpec({ nodes: 6, memory: 2, plus: { groups: 2 } });
  const plan: RingPlan = { order: [0, 1, 2, 3, 4, 5], byzantinePositions: [] };
  const assignments = planAssignments({
    spec,
    plan,
    addresses: addressesOf(6),
    ringId: 'r',
    epoch: 1,
  });
  const positions = (list: readonly { position?: number }[]) => list.map((p) => p.position);

  it('wraps successors and predecessors within each group', () => {
    assert.deepEqual(
      assignments.map((a) => [a.group, positions(a.successors), positions(a.predecessors)]),
      [
        [0, [1, 2], [2, 1]],
        [0, [2, 0], [0, 2]],
        [0, [0, 1], [1, 0]],
        [1, [4, 5], [5, 4]],
        [1, [5, 3], [3, 5]],
        [1, [3, 4], [4, 3]],
      ],
    );
  });

  it('links the last S of group 0 to the first S of group 1, which multicast to all', () => {
    assert.deepEqual(
      assignments.map((a) => [
        positions(a.aggregationPredecessors),
        positions(a.aggregationSuccessors),
      ]),
      [
        [[], []],
        [[], [3, 4]],
        [[], [3, 4]],
        [
          [2, 1],
          [0, 1, 3, 4],
        ],
        [
          [2, 1],
          [0, 1, 3, 4],
        ],
        [[], []],
      ],
    );
  });
});

describe('planAssignments under ACDS', () => {
  const spec = parseRingSpec({ nodes: 6, acds: { enabled: true, groupSize: 3 } });
  const plan = planRing(spec);
  const assignments = planAssignments({
    spec,
    plan,
    addresses: addressesOf(6),
    ringId: 'r',
    epoch: 1,
  });

  it('gives every node two neighbours in its sharing group, and anchors one more anchor', () => {
    // Two groups of three: each anchor's neighbouring anchor is the other group's.
    assert.deepEqual(assignments.map((a) => a.sharePeers.length).sort(), [2, 2, 2, 2, 3, 3]);
  });

  it('names each sharing neighbour by node index, position and address', () => {
    for (const assignment of assignments) {
      for (const peer of assignment.sharePeers) {
        assert.equal(plan.order[peer.position as number], peer.nodeIndex);
        assert.equal(peer.address, `10.0.0.${peer.position}:7000`);
      }
    }
  });
});
