import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TurnOutcome } from '../../services/core/src/basil/turn.js';
import type { RejectionReason } from '../../services/node/src/errors.js';
import { NodeMetrics } from '../../services/node/src/metrics.js';
import { recordTurn, turnReport } from '../../services/node/src/run.js';

const honestTurn: TurnOutcome = {
  round: 3,
  position: 2,
  selectedSender: 0,
  selectedRound: 3,
  selectedLoss: 0.75,
  rejected: [
    { senderPosition: 1, reason: 'non-finite-loss' },
    { senderPosition: 0, reason: 'invalid-weights' },
  ],
  trained: [],
  outgoing: [],
  selected: [],
  report: { selected: { accuracy: 0.5, loss: 1.5 }, own: { accuracy: 0.625, loss: 1.25 } },
};

const byzantineTurn: TurnOutcome = { ...honestTurn, rejected: [], report: undefined };

async function valuesOf(metrics: NodeMetrics, name: string) {
  const metric = metrics.registry.getSingleMetric(name);
  const { values } = await (metric as NonNullable<typeof metric>).get();
  return values.map((v) => [Object.values(v.labels).join(','), v.value]);
}

describe('turn record', () => {
  it('reports what the turn selected, its scores, and how it ran', () => {
    const report = turnReport(honestTurn, { timedOut: true, durationSeconds: 0.5 });

    assert.deepEqual(report, {
      round: 3,
      innerRound: 0,
      selectedSender: 0,
      selectedRound: 3,
      selectedLoss: 0.75,
      timedOut: true,
      selected: { accuracy: 0.5, loss: 1.5 },
      own: { accuracy: 0.625, loss: 1.25 },
      durationSeconds: 0.5,
    });
  });

  it('reports a Basil+ turn under its global round and its round inside it', () => {
    const report = turnReport(
      honestTurn,
      { timedOut: false, durationSeconds: 0.5 },
      { global: 2, inner: 1 },
    );
    assert.deepEqual([report.round, report.innerRound, report.selectedRound], [2, 1, 3]);
  });

  it('leaves the scores of a Byzantine turn empty', () => {
    const report = turnReport(byzantineTurn, { timedOut: false, durationSeconds: 0.5 });

    assert.deepEqual([report.selected, report.own], [null, null]);
  });

  it('counts the turn, the selection, and the candidates passed over', async () => {
    const metrics = new NodeMetrics();
    const rejected: RejectionReason[] = [];

    recordTurn(metrics, honestTurn, { timedOut: false, durationSeconds: 0.5 }, (reason) =>
      rejected.push(reason),
    );

    assert.deepEqual(rejected, ['non-finite-loss', 'invalid-weights']);
    assert.deepEqual(await valuesOf(metrics, 'basil_node_turns_total'), [['taken', 1]]);
    assert.deepEqual(await valuesOf(metrics, 'basil_node_selections_total'), [['0', 1]]);
    assert.deepEqual(await valuesOf(metrics, 'basil_node_round'), [['', 3]]);
    assert.deepEqual(await valuesOf(metrics, 'basil_node_test_accuracy_ratio'), [
      ['selected', 0.5],
      ['own', 0.625],
    ]);
  });
});
