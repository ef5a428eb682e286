// End-to-end: ACDS between six node processes on 127.0.0.1 on a label-skewed split, then Basil
// on local plus shared data, compared with the simulator on the same spec and seed.
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
  type SimulationResult,
} from '../../services/core/src/index.js';
import {
  runLocalRing,
  type LocalNodeInfo,
  type LocalRunOutcome,
} from '../../services/operator/src/local/driver.js';

/** Six nodes holding one label each, two sharing groups of three, 10% shared in 2 passes. */
const SPEC = parseRingSpec({
  nodes: 6,
  rounds: 2,
  localSteps: 2,
  batchSize: 16,
  evalSamples: 200,
  turnTimeoutMs: 5000,
  dataset: { trainSize: 600, testSize: 200 },
  partition: { kind: 'shards', labelsPerNode: 1 },
  acds: { enabled: true, fraction: 0.1, groupSize: 3, batchesPerNode: 2 },
});

/** Every node shares round(0.1 * 100) = 10 samples, so each pool holds 6 * 10. */
const POOL = 60;

/** The value of a metric without labels in a text exposition. */
const valueOf = (page: string, name: string): number =>
  Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(page)?.[1]);

describe('ACDS between 6 node processes, then a Basil ring on the shared data', () => {
  let folder: string;
  let outcome: LocalRunOutcome;
  let simulated: SimulationResult;
  const pages: string[] = [];

  before(async () => {
    folder = await mkdtemp(join(tmpdir(), 'basil-acds-'));
    let nodes: readonly LocalNodeInfo[] = [];
    const scrapes: Promise<void>[] = [];
    outcome = await runLocalRing(SPEC, {
      runDir: folder,
      logger: pino({ level: 'silent' }),
      pollIntervalMs: 50,
      onNodes: (started) => (nodes = started),
      onRound: ({ result }) => {
        // Sharing is over before round 1; the nodes still run round 2, so they answer.
        if (result.round !== 1) return;
        for (const node of nodes) {
          const url = `http://${node.metricsAddress}/metrics`;
          scrapes.push(
            fetch(url)
              .then((response) => response.text())
              .then((text) => void pages.push(text)),
          );
        }
      },
    });
    await Promise.all(scrapes);
    await initBackend();
    simulated = await simulate(SPEC);
  });

  after(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('completes sharing at every node with the union of all shared samples', () => {
    assert.equal(pages.length, 6);
    for (const page of pages) {
      assert.equal(valueOf(page, 'basil_node_acds_phase'), 3);
      assert.equal(valueOf(page, 'basil_node_acds_shared_samples_total'), POOL);
    }
  });

  it('refuses no sharing message', async () => {
    for (const page of pages) assert.doesNotMatch(page, /^basil_node_share_rejected_total\{/m);
    const logs = await Promise.all(
      [0, 1, 2, 3, 4, 5].map((p) => readFile(join(folder, 'nodes', `${p}.log`), 'utf8')),
    );
    assert.equal(logs.filter((log) => log.includes('share set rejected')).length, 0);
  });

  it('trains on the same data as the simulator: the same selections and accuracy', () => {
    const decisions = (turns: typeof outcome.turns) =>
      turns.map((t) => [t.round, t.position, t.selectedSender, t.selectedRound]).sort();
    assert.deepEqual(decisions(outcome.turns), decisions(simulated.turns));
    const figures = (rounds: typeof outcome.rounds) =>
      rounds.map((r) => [r.honestAccuracyMean, r.honestAccuracyMin, r.ownAccuracyMean]);
    assert.deepEqual(figures(outcome.rounds), figures(simulated.rounds));
  });
});
