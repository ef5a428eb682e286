import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { withSharedData } from '../../../services/core/src/acds/run.js';
import { Memory } from '../../../services/core/src/basil/memory.js';
import { planRing, successorsOf } from '../../../services/core/src/basil/plan.js';
import { summarizeRound, type TurnRecord } from '../../../services/core/src/basil/results.js';
import { INITIAL_SENDER } from '../../../services/core/src/basil/selection.js';
import { takeTurn } from '../../../services/core/src/basil/turn.js';
import { loadData } from '../../../services/core/src/data/dataset.js';
import { partition } from '../../../services/core/src/data/partition.js';
import { initBackend } from '../../../services/core/src/model/backend.js';
import type { RingSpec, RingSpecInput } from '../../../services/core/src/spec/schema.js';
import { parseRingSpec } from '../../../services/core/src/spec/validate.js';
import {
  buildContexts,
  recordOf,
  simulate,
  type SimulationResult,
} from '../../../services/core/src/sim/simulator.js';

const tiny = (input: RingSpecInput): RingSpec =>
  parseRingSpec({
    localSteps: 2,
    batchSize: 16,
    selectionBatchSize: 32,
    evalSamples: 200,
    dataset: { trainSize: 1200, testSize: 200 },
    ...input,
  });

/** Plain Basil written out turn by turn: the reference the simulator must reproduce. */
async function plainBasil(spec: RingSpec) {
  const plan = planRing(spec);
  const { train, test } = await loadData(spec);
  const contexts = buildContexts(spec, plan, partition(train, spec), test);
  const memories = contexts.map((ctx) => new Memory(ctx.position, spec.memory, spec.nodes));
  const turns: TurnRecord[] = [];
  for (let round = 1; round <= spec.rounds; round++) {
    for (const ctx of contexts) {
      const outcome = takeTurn(ctx, memories[ctx.position] as Memory, round);
      for (const successor of successorsOf(ctx.position, spec.memory, spec.nodes)) {
        const stored = { senderPosition: ctx.position, round, weights: outcome.outgoing };
        memories[successor]?.store(stored);
      }
      turns.push(recordOf(outcome, false));
    }
  }
  const rounds = Array.from({ length: spec.rounds }, (_, r) =>
    summarizeRound(r + 1, turns, plan.byzantinePositions),
  );
  return { turns, rounds };
}

const roundFigures = (rounds: SimulationResult['rounds']) =>
  rounds.map(({ simulatedParallelSeconds: _, ...figures }) => figures);

describe('simulate', () => {
  before(async () => {
    await initBackend();
  });

  it('runs plain Basil when there is one group, turn for turn', async () => {
    const spec = tiny({
      nodes: 5,
      rounds: 2,
      byzantine: { count: 1, placement: 'explicit', positions: [2] },
    });

    const simulated = await simulate(spec);
    const reference = await plainBasil(spec);

    assert.deepEqual(simulated.turns, reference.turns);
    assert.deepEqual(roundFigures(simulated.rounds), reference.rounds);
  });

  describe('Basil+ with two groups of three and a gaussian node among the receivers', () => {
    // Groups [0, 1, 2] and [3, 4, 5], S = 2: group 0's last nodes 2 and 1 send to 3 and 4,
    // which hold the final aggregate and multicast it to 0, 1, 3 and 4.
    const spec = tiny({
      nodes: 6,
      rounds: 2,
      byzantine: { count: 1, placement: 'explicit', positions: [4] },
      plus: { groups: 2 },
    });
    let result: SimulationResult;

    before(async () => {
      result = await simulate(spec);
    });

    it('reports every global round with all turns of every group', () => {
      assert.deepEqual(
        result.rounds.map((r) => [r.round, r.turns]),
        [
          [1, 6],
          [2, 6],
        ],
      );
    });

    it('keeps selections inside each group during a round', () => {
      const groupOf = (position: number) => (position < 3 ? 0 : 1);
      for (const turn of result.turns) {
        if (turn.selectedSender === INITIAL_SENDER) continue;
        if (turn.round === 2 && [0, 1, 3, 4].includes(turn.position)) continue; // multicast
        assert.equal(groupOf(turn.selectedSender), groupOf(turn.position), `turn ${turn.position}`);
      }
      const opening = result.turns.filter((t) => t.round === 1 && [0, 3].includes(t.position));
      assert.deepEqual(
        opening.map((t) => t.selectedSender),
        [INITIAL_SENDER, INITIAL_SENDER],
      );
    });

    it("starts the next global round from the honest holder's aggregate", () => {
      const firsts = result.turns.filter((t) => t.round === 2 && [0, 3].includes(t.position));
      assert.deepEqual(
        firsts.map((t) => [t.position, t.selectedSender]),
        [
          [0, 3],
          [3, 3],
        ],
      );
    });

    it('never lets an honest node select the Byzantine node, in turns or hops', () => {
      for (const round of result.rounds) {
        assert.equal(round.byzantineSelectionRate, 0);
        assert.ok(round.simulatedParallelSeconds! > 0);
      }
      // An aggregation follows every global round but the last.
      const [first, last] = result.rounds;
      assert.equal(first?.aggregationByzantineSelectionRate, 0);
      assert.ok(first.aggregateAccuracyMean! > 0.1, 'round 1 aggregate accuracy');
      assert.equal(last?.aggregateAccuracyMean, undefined);
      assert.equal(last?.aggregationByzantineSelectionRate, undefined);
    });
  });

  it('reports no aggregate accuracy when every holder of the aggregate is Byzantine', async () => {
    // S = 1: position 3, the last group's only receiver, holds the aggregate and attacks.
    const result = await simulate(
      tiny({
        nodes: 6,
        rounds: 2,
        memory: 1,
        byzantine: { count: 1, placement: 'explicit', positions: [3] },
        plus: { groups: 2 },
      }),
    );
    assert.deepEqual(
      result.rounds.map((r) => [r.round, 'aggregateAccuracyMean' in r]),
      [
        [1, false],
        [2, false],
      ],
    );
  });

  describe('with ACDS on a one-label-per-node split', () => {
    const spec = (enabled: boolean) =>
      tiny({
        nodes: 6,
        rounds: 1,
        partition: { kind: 'shards', labelsPerNode: 1 },
        acds: { enabled, fraction: 0.1 },
      });

    it('gives every node samples of labels it did not hold', async () => {
      const { train } = await loadData(spec(true));
      const labels = (samples: { y: Uint8Array }) => new Set(samples.y).size;
      const alone = partition(train, spec(true)).map(labels);
      const shared = withSharedData(partition(train, spec(true)), spec(true)).map(labels);
      // Six shards of 200 of the label-sorted 1,200 samples: up to three labels per node.
      assert.ok(
        alone.every((n) => n <= 3),
        `labels per node before sharing: ${alone}`,
      );
      assert.deepEqual(
        shared,
        alone.map(() => 10),
        `labels per node after sharing`,
      );
    });

    it('trains on the shared data', async () => {
      const on = await simulate(spec(true));
      const off = await simulate(spec(false));
      assert.equal(on.turns.length, 6);
      assert.notDeepEqual(on.rounds[0]?.honestLossMean, off.rounds[0]?.honestLossMean);
    });
  });
});
