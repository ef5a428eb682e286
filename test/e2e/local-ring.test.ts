// End-to-end: rings of real `basil node` processes on 127.0.0.1, driven by the local driver.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import {
  initBackend,
  parseRingSpec,
  simulate,
  type RingSpec,
  type SimulationResult,
  type TurnRecord,
} from '../../services/core/src/index.js';
import { localResults } from '../../services/cli/src/commands/run.js';
import { writeResults } from '../../services/cli/src/report/results.js';
import {
  runLocalRing,
  type LocalNodeInfo,
  type LocalRunOutcome,
} from '../../services/operator/src/local/driver.js';

/** A ring small enough that a whole run takes seconds. */
const tiny = (fields: Record<string, unknown>): RingSpec =>
  parseRingSpec({
    localSteps: 2,
    batchSize: 16,
    evalSamples: 200,
    turnTimeoutMs: 1500,
    dataset: { trainSize: 800, testSize: 200 },
    ...fields,
  });

const silent = pino({ level: 'silent' });

const isRunning = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw error;
  }
};

/** Selection decisions in a comparable order: [round, position, sender, sender's round]. */
const decisions = (turns: readonly TurnRecord[]): number[][] =>
  turns
    .map((t) => [t.round, t.position, t.selectedSender, t.selectedRound])
    .sort((a, b) => (a[0] as number) - (b[0] as number) || (a[1] as number) - (b[1] as number));

let folder: string;
before(async () => {
  folder = await mkdtemp(join(tmpdir(), 'basil-e2e-'));
});
after(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('a local ring of 4 node processes with one Byzantine node', () => {
  const spec = tiny({
    nodes: 4,
    rounds: 3,
    byzantine: { count: 1, placement: 'explicit', positions: [2] },
  });
  let outcome: LocalRunOutcome;
  let simulated: SimulationResult;
  const scraped: string[] = [];

  before(async () => {
    const scrapes: Promise<void>[] = [];
    outcome = await runLocalRing(spec, {
      runDir: join(folder, 'a'),
      logger: silent,
      pollIntervalMs: 50,
      onNodes: (nodes: readonly LocalNodeInfo[]) => {
        for (const node of nodes) {
          const url = `http://${node.metricsAddress}/metrics`;
          scrapes.push(
            fetch(url)
              .then((response) => response.text())
              .then((text) => void scraped.push(text)),
          );
        }
      },
    });
    await Promise.all(scrapes);
    await initBackend();
    simulated = await simulate(spec);
  });

  it('runs 3 rounds through real gRPC, every node taking every turn', () => {
    assert.deepEqual(
      outcome.rounds.map((r) => [r.round, r.turns, r.timedOutTurns, r.byzantineSelectionRate]),
      [
        [1, 4, 0, 0],
        [2, 4, 0, 0],
        [3, 4, 0, 0],
      ],
    );
    assert.deepEqual(outcome.totals, {
      turnsTaken: 12,
      turnsTimedOut: 0,
      turnsSkipped: 0,
      rejectedModels: {},
    });
    assert.deepEqual(
      outcome.nodes.map((n) => n.role),
      ['honest', 'honest', 'byzantine', 'honest'],
    );
    // The Byzantine node reports no scores; the three honest ones do, every round.
    assert.equal(outcome.turns.filter((t) => t.report !== undefined).length, 9);
  });

  it('serves /metrics on every node while the ring runs', () => {
    assert.equal(scraped.length, 4);
    for (const text of scraped) assert.match(text, /^basil_node_/m);
  });

  it('leaves no node process behind', () => {
    assert.deepEqual(
      outcome.nodes.filter((n) => isRunning(n.pid)),
      [],
    );
  });

  it('makes the same selections as the simulator, turn for turn', () => {
    assert.deepEqual(decisions(outcome.turns), decisions(simulated.turns));
  });

  it('reaches the same accuracy as the simulator in every round', () => {
    const figures = (rounds: typeof outcome.rounds) =>
      rounds.map((r) => [r.honestAccuracyMean, r.honestAccuracyMin, r.ownAccuracyMean]);
    assert.deepEqual(figures(outcome.rounds), figures(simulated.rounds));
  });
});

describe('a local ring that loses an honest node mid-run', () => {
  // 5 nodes, S = 2, 4 rounds. Node 3 is killed once it has reported round 1, long before its
  // round-2 turn comes (four other turns lie between). Its 3 remaining turns never happen, and
  // each costs its successor, node 4, one turn timeout.
  const spec = tiny({
    nodes: 5,
    rounds: 4,
    byzantine: { count: 1, placement: 'explicit', positions: [1] },
  });
  const victim = 3;

  it('carries on past the dead node and counts its timed-out and skipped turns', async () => {
    let pids: number[] = [];
    const runDir = join(folder, 'c');
    const outcome = await runLocalRing(spec, {
      runDir,
      logger: silent,
      pollIntervalMs: 50,
      onNodes: (nodes) => (pids = nodes.map((n) => n.pid)),
      onReport: (record) => {
        if (record.position === victim && record.round === 1) {
          process.kill(pids[victim] as number, 'SIGKILL');
        }
      },
    });
    await writeResults(runDir, localResults(spec, outcome));
    const written = JSON.parse(await readFile(join(runDir, 'results.json'), 'utf8'));

    assert.deepEqual(written.totals, {
      turnsTaken: 17,
      turnsTimedOut: 3,
      turnsSkipped: 3,
      rejectedModels: {},
    });
    assert.deepEqual(
      written.rounds.map((r: { turns: number; timedOutTurns: number }) => [
        r.turns,
        r.timedOutTurns,
      ]),
      [
        [5, 0],
        [4, 1],
        [4, 1],
        [4, 1],
      ],
    );
    assert.deepEqual(outcome.deadPositions, [victim]);
    assert.deepEqual(
      outcome.turns.filter((t) => t.timedOut).map((t) => t.position),
      [4, 4, 4],
    );
    assert.deepEqual(
      pids.filter((pid) => isRunning(pid)),
      [],
    );
  });
});
