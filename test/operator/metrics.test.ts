import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RoundResult } from '../../services/core/src/index.js';
import { OperatorMetrics, serveMetrics } from '../../services/operator/src/metrics.js';

const round: RoundResult = {
  round: 4,
  honestAccuracyMean: 0.875,
  honestAccuracyMin: 0.5,
  ownAccuracyMean: 0.8,
  honestLossMean: 0.4,
  byzantineSelectionRate: 0.25,
  turns: 7,
  timedOutTurns: 2,
};

const ALPHA = { namespace: 'rings', ring: 'alpha' };
const BETA = { namespace: 'rings', ring: 'beta' };

/** The `basil_operator_*` lines of a scrape of `metrics`. */
async function scrapeLines(metrics: OperatorMetrics): Promise<string[]> {
  const endpoint = await serveMetrics(metrics.registry, '127.0.0.1', 0);
  try {
    const response = await fetch(`http://${endpoint.address}/metrics`);
    assert.equal(response.status, 200);
    return (await response.text()).split('\n').filter((l) => /^basil_operator_/.test(l));
  } finally {
    await endpoint.close();
  }
}

describe('operator metrics', () => {
  it('serves the last round, turns by outcome and nodes by state, labelled by ring', async () => {
    const metrics = new OperatorMetrics();
    metrics.recordRound(ALPHA, round, 1);
    metrics.setNodeStates(ALPHA, ['running', 'running', 'dead']);

    const lines = await scrapeLines(metrics);

    for (const line of [
      'basil_operator_ring_round{namespace="rings",ring="alpha"} 4',
      'basil_operator_honest_accuracy_ratio{namespace="rings",ring="alpha",stat="mean"} 0.875',
      'basil_operator_honest_accuracy_ratio{namespace="rings",ring="alpha",stat="min"} 0.5',
      'basil_operator_byzantine_selection_ratio{namespace="rings",ring="alpha"} 0.25',
      'basil_operator_turns_total{namespace="rings",ring="alpha",outcome="taken"} 5',
      'basil_operator_turns_total{namespace="rings",ring="alpha",outcome="timed_out"} 2',
      'basil_operator_turns_total{namespace="rings",ring="alpha",outcome="skipped"} 1',
      'basil_operator_nodes{namespace="rings",ring="alpha",state="running"} 2',
      'basil_operator_nodes{namespace="rings",ring="alpha",state="dead"} 1',
      'basil_operator_nodes{namespace="rings",ring="alpha",state="finished"} 0',
    ]) {
      assert.ok(lines.includes(line), `missing ${line}`);
    }
  });

  it("serves a Basil+ ring's aggregate accuracy only once a round has one", async () => {
    const metrics = new OperatorMetrics();
    const series = 'basil_operator_aggregate_accuracy_ratio{namespace="rings",ring="alpha"}';
    metrics.recordRound(ALPHA, round, 0);
    assert.deepEqual(
      (await scrapeLines(metrics)).filter((l) => l.startsWith(series)),
      [],
    );
    metrics.recordRound(ALPHA, { ...round, aggregateAccuracyMean: 0.9375 }, 0);
    assert.deepEqual(
      (await scrapeLines(metrics)).filter((l) => l.startsWith(series)),
      [`${series} 0.9375`],
    );
    metrics.removeRing(ALPHA);
    assert.deepEqual(
      (await scrapeLines(metrics)).filter((l) => l.startsWith(series)),
      [],
    );
  });

  it('keeps two rings apart and leaves a figure that is not given as it was', async () => {
    const metrics = new OperatorMetrics();
    metrics.recordRound(ALPHA, round, 0);
    metrics.setRound(BETA, { round: 2, honestAccuracy: { mean: 0.5, min: Number.NaN } });
    metrics.setRound(ALPHA, { round: 5 });

    const lines = await scrapeLines(metrics);

    const rounds = lines.filter((l) => l.startsWith('basil_operator_ring_round'));
    const accuracy = lines.filter((l) => l.startsWith('basil_operator_honest_accuracy_ratio'));
    assert.deepEqual(rounds, [
      'basil_operator_ring_round{namespace="rings",ring="alpha"} 5',
      'basil_operator_ring_round{namespace="rings",ring="beta"} 2',
    ]);
    assert.deepEqual(accuracy, [
      'basil_operator_honest_accuracy_ratio{namespace="rings",ring="alpha",stat="mean"} 0.875',
      'basil_operator_honest_accuracy_ratio{namespace="rings",ring="alpha",stat="min"} 0.5',
      'basil_operator_honest_accuracy_ratio{namespace="rings",ring="beta",stat="mean"} 0.5',
      'basil_operator_honest_accuracy_ratio{namespace="rings",ring="beta",stat="min"} 0',
    ]);
  });

  it('removes every series of a removed ring and only those', async () => {
    const metrics = new OperatorMetrics();
    for (const ring of [ALPHA, BETA]) {
      metrics.recordRound(ring, round, 1);
      metrics.setNodeStates(ring, ['finished', 'finished', 'finished']);
    }
    metrics.reconciles.inc({ result: 'success' });

    metrics.removeRing(ALPHA);

    const lines = await scrapeLines(metrics);
    assert.deepEqual(
      lines.filter((l) => l.includes('ring="alpha"')),
      [],
    );
    assert.equal(lines.filter((l) => l.includes('ring="beta"')).length, 14);
    assert.ok(lines.includes('basil_operator_reconcile_total{result="success"} 1'));
  });

  it('answers 404 off /metrics', async () => {
    const endpoint = await serveMetrics(new OperatorMetrics().registry, '127.0.0.1', 0);
    try {
      const response = await fetch(`http://${endpoint.address}/other`);
      assert.equal(response.status, 404);
    } finally {
      await endpoint.close();
    }
  });
});
