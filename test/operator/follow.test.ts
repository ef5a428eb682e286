import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  NodeFailedError,
  recordOfReport,
  RingFollower,
  RingStalledError,
  type Clock,
  type FollowOptions,
  type StatusSource,
} from '../../services/operator/src/follow.js';
import { nodeStatus } from './node-status.js';

type NodeStatus__Output = Awaited<ReturnType<StatusSource['status']>>;
type TurnReport__Output = NodeStatus__Output['reports'][number];

/** A ring whose nodes take one turn per clock tick, in ring order, as scripted. */
class FakeRing {
  readonly reports: TurnReport__Output[][];
  readonly states: string[];
  readonly rejections: Record<string, number>[];
  readonly failed = new Map<number, string>();
  /** Basil+: the aggregate scores each position reports, by position. */
  readonly aggregates = new Map<number, NodeStatus__Output['aggregates']>();
  tick = 0;
  /** A paused ring takes no turns. */
  paused = false;

  constructor(
    readonly nodes: number,
    readonly rounds: number,
    /** Positions that stop reporting (they died) after the given number of turns. */
    readonly diesAfter: ReadonlyMap<number, number> = new Map(),
  ) {
    this.reports = Array.from({ length: nodes }, () => []);
    this.states = Array.from({ length: nodes }, () => 'NODE_STATE_RUNNING');
    this.rejections = Array.from({ length: nodes }, () => ({}));
  }

  /** Takes the next turn of the ring; a dead node's turn passes on the timeout. */
  step(): void {
    if (this.paused) return;
    const turn = this.tick++;
    const round = Math.floor(turn / this.nodes) + 1;
    const position = turn % this.nodes;
    if (round > this.rounds) return;
    const dead = (p: number): boolean => (this.diesAfter.get(p) ?? Infinity) < round;
    if (!dead(position)) {
      const predecessor = (position + this.nodes - 1) % this.nodes;
      this.reports[position]?.push(report(round, dead(predecessor)));
      if (round === this.rounds) this.states[position] = 'NODE_STATE_FINISHED';
    }
  }

  source(position: number) {
    return {
      position,
      status: async (from: number): Promise<NodeStatus__Output> => ({
        ...statusOf(this.states[position] as string, this.failed.get(position) ?? ''),
        position,
        reports: (this.reports[position] ?? []).slice(from),
        reportsTotal: this.reports[position]?.length ?? 0,
        aggregates: this.aggregates.get(position) ?? [],
        rejections: Object.entries(this.rejections[position] ?? {}).map(([reason, count]) => ({
          reason,
          count,
        })),
      }),
    };
  }
}

function report(round: number, timedOut: boolean, accuracy = 0.5): TurnReport__Output {
  return {
    round,
    selectedSender: -1,
    selectedRound: 0,
    selectedLoss: 1,
    timedOut,
    selected: { accuracy, loss: 1 },
    own: { accuracy, loss: 1 },
    durationSeconds: 0.1,
    innerRound: 0,
  };
}

function statusOf(state: string, error: string): NodeStatus__Output {
  return nodeStatus({ state: state as NodeStatus__Output['state'], error });
}

/** A clock that never waits: each sleep moves time on and lets the ring take one turn. */
function steppingClock(ring: FakeRing, onTick: (now: number) => void = () => {}): Clock {
  let now = 0;
  return {
    now: () => now,
    sleep: async (ms) => {
      now += ms;
      ring.step();
      onTick(now);
    },
  };
}

function follower(ring: FakeRing, extra: Partial<FollowOptions> = {}): RingFollower {
  return new RingFollower({
    sources: Array.from({ length: ring.nodes }, (_, p) => ring.source(p)),
    byzantinePositions: [],
    rounds: ring.rounds,
    intervalMs: 100,
    stallTimeoutMs: 10_000,
    clock: steppingClock(ring),
    ...extra,
  });
}

describe('RingFollower', () => {
  it('emits each round once, after the last live node has reported it', async () => {
    const ring = new FakeRing(3, 2);
    const emitted: [number, number][] = [];
    const result = await follower(ring, {
      onRound: ({ result: r }) => emitted.push([r.round, ring.tick]),
    }).run();
    // Round 1 is complete after the third turn (tick 3), round 2 after the sixth.
    assert.deepEqual(emitted, [
      [1, 3],
      [2, 6],
    ]);
    assert.deepEqual(
      result.rounds.map((r) => [r.round, r.turns, r.honestAccuracyMean]),
      [
        [1, 3, 0.5],
        [2, 3, 0.5],
      ],
    );
    assert.deepEqual(result.totals, {
      turnsTaken: 6,
      turnsTimedOut: 0,
      turnsSkipped: 0,
      rejectedModels: {},
    });
    assert.equal(result.meanTurnMs, 100);
    assert.equal(result.backend, 'wasm');
  });

  it('waits for every merge and the final score of each global round but the last', async () => {
    // Four nodes in two groups, S = 1: position 2 merges onto what 1 sent, and holds the final
    // aggregate. Its merge shows at tick 5 and its score at tick 6; position 1 is Byzantine.
    const ring = new FakeRing(4, 2);
    const emitted: [number, number, number | undefined, number | undefined][] = [];
    const merge = (score: { accuracy: number; loss: number } | null) =>
      ring.aggregates.set(2, [{ round: 1, score, chosenSender: 1 }]);
    const clock = steppingClock(ring, () => {
      if (ring.tick === 5) merge(null);
      if (ring.tick === 6) merge({ accuracy: 0.75, loss: 1 });
    });
    await follower(ring, {
      clock,
      byzantinePositions: [1],
      aggregation: { receivers: [2], holders: [2] },
      onRound: ({ result: r }) =>
        emitted.push([
          r.round,
          ring.tick,
          r.aggregateAccuracyMean,
          r.aggregationByzantineSelectionRate,
        ]),
    }).run();
    assert.deepEqual(emitted, [
      [1, 6, 0.75, 1],
      [2, 8, undefined, undefined],
    ]);
  });

  it('counts the turns of a dead node as skipped and never waits for them', async () => {
    // Node 1 reports round 1 and dies; node 2 then takes rounds 2 and 3 on the turn timeout.
    const ring = new FakeRing(3, 3, new Map([[1, 1]]));
    const progress: [number, number][] = [];
    const clock = steppingClock(ring, () => {
      if (ring.tick === 4) run.markDead(1);
    });
    const run = follower(ring, {
      clock,
      onRound: ({ result, skippedTurns }) => progress.push([result.round, skippedTurns]),
    });
    const result = await run.run();
    assert.deepEqual(progress, [
      [1, 0],
      [2, 1],
      [3, 1],
    ]);
    assert.deepEqual(
      result.rounds.map((r) => [r.round, r.turns, r.timedOutTurns]),
      [
        [1, 3, 0],
        [2, 2, 1],
        [3, 2, 1],
      ],
    );
    assert.deepEqual(result.totals, {
      turnsTaken: 7,
      turnsTimedOut: 2,
      turnsSkipped: 2,
      rejectedModels: {},
    });
    assert.deepEqual(result.deadPositions, [1]);
  });

  it('fails with the node and its error when a node reports FAILED', async () => {
    const ring = new FakeRing(3, 2);
    ring.states[2] = 'NODE_STATE_FAILED';
    ring.failed.set(2, 'out of memory');
    await assert.rejects(follower(ring).run(), (error: unknown) => {
      assert.ok(error instanceof NodeFailedError);
      assert.equal(error.message, 'node 2 failed: out of memory');
      return true;
    });
  });

  it('gives up once no node has reported a turn for the stall timeout', async () => {
    const ring = new FakeRing(2, 2);
    ring.paused = true;
    await assert.rejects(follower(ring, { stallTimeoutMs: 1_000 }).run(), (error: unknown) => {
      assert.ok(error instanceof RingStalledError);
      assert.equal(error.message, 'no turn reported for 1100 ms; waiting for nodes 0, 1');
      return true;
    });
  });

  it('adds up the rejected models of every node by reason', async () => {
    const ring = new FakeRing(2, 1);
    ring.rejections[0] = { 'non-finite': 2, 'stale-round': 1 };
    ring.rejections[1] = { 'non-finite': 3 };
    const result = await follower(ring).run();
    assert.deepEqual(result.totals.rejectedModels, { 'non-finite': 5, 'stale-round': 1 });
  });

  it('stops without a result when its signal aborts', async () => {
    const ring = new FakeRing(2, 5);
    const controller = new AbortController();
    const reason = new Error('stop now');
    const clock = steppingClock(ring, () => controller.abort(reason));
    await assert.rejects(
      follower(ring, { clock, signal: controller.signal }).run(),
      (error) => error === reason,
    );
  });
});

describe('recordOfReport', () => {
  const cases = [
    {
      name: 'keeps the scores of an honest turn',
      report: report(2, true, 0.75),
      expected: {
        round: 2,
        position: 4,
        selectedSender: -1,
        selectedRound: 0,
        selectedLoss: 1,
        timedOut: true,
        report: { selected: { accuracy: 0.75, loss: 1 }, own: { accuracy: 0.75, loss: 1 } },
      },
    },
    {
      name: 'leaves out the scores a Byzantine node does not report',
      report: { ...report(3, false), selectedSender: 2, selected: null, own: null },
      expected: {
        round: 3,
        position: 4,
        selectedSender: 2,
        selectedRound: 0,
        selectedLoss: 1,
        timedOut: false,
      },
    },
  ];
  for (const { name, report: wire, expected } of cases) {
    it(name, () => assert.deepEqual(recordOfReport(4, wire), expected));
  }
});
