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

describe('operator metrics', () => {
  it('serves the last round, turns by outcome and nodes by state on /metrics', async () => {
    const metrics = new OperatorMetrics();
    metrics.recordRound(round, 1);
    metrics.setNodeStates(['running', 'running', 'dead']);
    const endpoint = await serveMetrics(metrics.registry, '127.0.0.1', 0);
    try {
      const response = await fetch(`http://${endpoint.address}/metrics`);
      const lines = (await response.text()).split('\n').filter((l) => /^basil_/.test(l));
      assert.equal(response.status, 200);
      for (const line of [
        'basil_operator_ring_round 4',
        'basil_operator_honest_accuracy_ratio{stat="mean"} 0.875',
        'basil_operator_honest_accuracy_ratio{stat="min"} 0.5',
        'basil_operator_byzantine_selection_ratio 0.25',
        'basil_operator_turns_total{outcome="taken"} 5',
        'basil_operator_turns_total{outcome="timed_out"} 2',
        'basil_operator_turns_total{outcome="skipped"} 1',
        'basil_operator_nodes{state="running"} 2',
        'basil_operator_nodes{state="dead"} 1',
        'basil_operator_nodes{state="finished"} 0',
      ]) {
        assert.ok(lines.includes(line), `missing ${line}`);
      }
    } finally {
      await endpoint.close();
    }
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
