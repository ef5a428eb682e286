import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseRingSpec, planRing, type RoundResult } from '../../../services/core/src/index.js';
import {
  memoryWarning,
  roundLine,
  summaryTable,
} from '../../../services/cli/src/report/console.js';
import type { RunResults } from '../../../services/cli/src/report/results.js';

const ROUND: RoundResult = {
  round: 3,
  honestAccuracyMean: 0.5,
  honestAccuracyMin: 0.25,
  ownAccuracyMean: 0.5,
  honestLossMean: 1,
  byzantineSelectionRate: 0,
  turns: 6,
  timedOutTurns: 0,
};

function results(input: Record<string, unknown>): RunResults {
  const spec = parseRingSpec({ nodes: 6, rounds: 3, ...input });
  return {
    mode: 'simulate',
    backend: 'wasm',
    spec,
    plan: planRing(spec),
    rounds: [ROUND],
    final: ROUND,
    totals: { turnsTaken: 18, turnsTimedOut: 0, turnsSkipped: 0, rejectedModels: {} },
    meanTurnMs: 80,
    wallClockSeconds: 2,
  };
}

const row = (table: string, label: string): string | undefined =>
  table
    .split('\n')
    .find((line) => line.trimStart().startsWith(`${label} `))
    ?.trim();

describe('console report', () => {
  it('prints the aggregate accuracy of a Basil+ round, and only when there is one', () => {
    const plain = roundLine(ROUND, 10, 80);
    const plus = roundLine({ ...ROUND, aggregateAccuracyMean: 0.75 }, 10, 80);
    assert.equal(
      plain,
      'round  3/10  honest accuracy mean  50.0% min  25.0%  ' +
        'byzantine selected   0.0%  turn   80 ms',
    );
    assert.equal(
      plus,
      'round  3/10  honest accuracy mean  50.0% min  25.0%  aggregate  75.0%  ' +
        'byzantine selected   0.0%  turn   80 ms',
    );
  });

  it('names ACDS and Basil+ in the summary when the run used them', () => {
    const table = summaryTable(
      results({
        acds: { enabled: true, fraction: 0.05 },
        plus: { groups: 2, roundsPerGlobalRound: 3 },
      }),
    );
    assert.equal(row(table, 'acds'), 'acds                 fraction 0.05, groups of 3');
    assert.equal(
      row(table, 'basil+'),
      'basil+               2 groups, 3 rounds per global round, aggregator select-average',
    );
  });

  it('has no ACDS or Basil+ rows for plain Basil', () => {
    const table = summaryTable(results({}));
    assert.equal(row(table, 'acds'), undefined);
    assert.equal(row(table, 'basil+'), undefined);
  });

  it('warns when S <= b, with the union bound of failure, and not otherwise', () => {
    // (N - b) * (b / (N - 1)) * ((b - 1) / (N - 2)) = 4 * 2/5 * 1/4.
    const small = parseRingSpec({ nodes: 6, memory: 2, byzantine: { count: 2 } });
    assert.equal(
      memoryWarning(small),
      'S <= b: some honest node may see only Byzantine predecessors, p <= 0.4',
    );
    assert.equal(memoryWarning(parseRingSpec({ nodes: 6, byzantine: { count: 2 } })), undefined);
  });
});
