// End-to-end: Basil+ with two groups of three node processes on 127.0.0.1, compared turn for
// turn and round for round with the simulator on the same spec and seed.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import {
  initBackend,
  parseRingSpec,
  simulate,
  type SimulationResult,
  type TurnRecord,
} from '../../services/core/src/index.js';
import { runLocalRing, type LocalRunOutcome } from '../../services/operator/src/local/driver.js';

/** Six nodes in groups [0, 1, 2] and [3, 4, 5], S = 2, a Gaussian attacker at position 4. */
const SPEC = parseRingSpec({
  nodes: 6,
  rounds: 2,
  localSteps: 2,
  batchSize: 16,
  evalSamples: 200,
  turnTimeoutMs: 5000,
  dataset: { trainSize: 900, testSize: 200 },
  byzantine: { count: 1, placement: 'explicit', positions: [4] },
  plus: { groups: 2 },
});

/** Selection decisions in a comparable order: [round, position, sender, sender's round]. */
const decisions = (turns: readonly TurnRecord[]): number[][] =>
  turns
    .map((t) => [t.round, t.position, t.selectedSender, t.selectedRound])
    .sort((a, b) => (a[0] as number) - (b[0] as number) || (a[1] as number) - (b[1] as number));

describe('a Basil+ ring of 6 node processes in 2 groups', () => {
  let folder: string;
  let outcome: LocalRunOutcome;
  let simulated: SimulationResult;

  before(async () => {
    folder = await mkdtemp(join(tmpdir(), 'basil-plus-'));
    outcome = await runLocalRing(SPEC, {
      runDir: folder,
      logger: pino({ level: 'silent' }),
      pollIntervalMs: 50,
    });
    await initBackend();
    simulated = await simulate(SPEC);
  });

  after(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('runs 2 global rounds, every node taking its turn in each', () => {
    assert.deepEqual(
      outcome.rounds.map((r) => [r.round, r.turns, r.timedOutTurns]),
      [
        [1, 6, 0],
        [2, 6, 0],
      ],
    );
    assert.equal(outcome.totals.turnsTimedOut, 0);
  });

  it('starts round 2 of the first node of each group from the multicast aggregate', () => {
    // Positions 3 and 4 are the last group's first S = 2: their aggregates reach every group.
    const opening = outcome.turns.filter((t) => t.round === 2 && [0, 3].includes(t.position));
    assert.deepEqual(opening.map((t) => [t.position, t.selectedRound]).sort(), [
      [0, 1],
      [3, 1],
    ]);
    for (const turn of opening) assert.ok([3, 4].includes(turn.selectedSender));
  });

  it('makes the same selections as the simulator, turn for turn', () => {
    assert.deepEqual(decisions(outcome.turns), decisions(simulated.turns));
  });

  it('reaches the same accuracy as the simulator in every global round', () => {
    const figures = (rounds: typeof outcome.rounds) =>
      rounds.map((r) => [r.honestAccuracyMean, r.honestAccuracyMin, r.ownAccuracyMean]);
    assert.deepEqual(figures(outcome.rounds), figures(simulated.rounds));
  });

  it("reports round 1's aggregation as the simulator does, and none after round 2", () => {
    // Position 3 is the only honest receiver: 4, the other of the last group's first S, attacks.
    const aggregation = (rounds: typeof outcome.rounds) =>
      rounds.map((r) => [r.aggregateAccuracyMean, r.aggregationByzantineSelectionRate]);
    const local = aggregation(outcome.rounds);
    assert.deepEqual(local, aggregation(simulated.rounds));
    const [first, last] = local;
    const [accuracy, byzantine] = first ?? [];
    assert.ok(accuracy! > 0.1 && accuracy! <= 1, `round 1 aggregate accuracy ${accuracy}`);
    assert.equal(byzantine, 0);
    assert.deepEqual(last, [undefined, undefined]);
  });
});
