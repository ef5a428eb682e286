import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RoundResult } from '../../../services/core/src/index.js';
import { accuracyChartSvg, svgToPng } from '../../../services/cli/src/report/chart.js';

const round = (n: number, mean: number, min: number, own: number): RoundResult => ({
  round: n,
  honestAccuracyMean: mean,
  honestAccuracyMin: min,
  ownAccuracyMean: own,
  honestLossMean: 1,
  byzantineSelectionRate: 0,
  turns: 4,
  timedOutTurns: 0,
});

const paths = (svg: string): string[] => [...svg.matchAll(/<path d="([^"]*)"/g)].map((m) => m[1]!);

describe('accuracy chart', () => {
  it('draws one line per series through every round', () => {
    const svg = accuracyChartSvg([round(1, 0.5, 0.25, 0.5), round(2, 1, 0.75, 1)], 'a & b');
    // x runs from 64 to 736, y from 384 (accuracy 0) to 48 (accuracy 1).
    assert.deepEqual(paths(svg), [
      'M64.0 216.0 L736.0 48.0',
      'M64.0 300.0 L736.0 132.0',
      'M64.0 216.0 L736.0 48.0',
    ]);
    assert.match(svg, /a &amp; b<\/text>/);
    assert.match(svg, />honest mean</);
  });

  it('breaks a line at a round without a value instead of drawing it at zero', () => {
    const rounds = [round(1, 0.5, 0.5, 0.5), round(2, NaN, NaN, NaN), round(3, 0.5, 0.5, 0.5)];
    const [mean] = paths(accuracyChartSvg(rounds, 't'));
    assert.equal(mean, 'M64.0 216.0 M736.0 216.0');
  });

  it('renders a PNG', () => {
    const png = svgToPng(accuracyChartSvg([round(1, 0.5, 0.5, 0.5)], 't'));
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  });
});
