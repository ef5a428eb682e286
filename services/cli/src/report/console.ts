// What a run prints while it goes and when it ends.
import { memoryFailureBound, type RingSpec, type RoundResult } from '../../../core/src/index.js';
import type { RunResults } from './results.js';

const pct = (value: number): string =>
  Number.isNaN(value) ? '   -  ' : (value * 100).toFixed(1).padStart(5) + '%';

/** The warning for a memory no larger than b, with the chance it fails; none when S > b. */
export function memoryWarning(spec: RingSpec): string | undefined {
  if (spec.memory > spec.byzantine.count) return undefined;
  const bound = memoryFailureBound(spec.nodes, spec.byzantine.count, spec.memory);
  return `S <= b: some honest node may see only Byzantine predecessors, p <= ${bound}`;
}

/** One progress line for a finished round. */
export function roundLine(result: RoundResult, rounds: number, turnMs: number): string {
  const width = String(rounds).length;
  return [
    `round ${String(result.round).padStart(width)}/${rounds}`,
    `honest accuracy mean ${pct(result.honestAccuracyMean)} min ${pct(result.honestAccuracyMin)}`,
    result.aggregateAccuracyMean === undefined
      ? ''
      : `aggregate ${pct(result.aggregateAccuracyMean)}`,
    `byzantine selected ${pct(result.byzantineSelectionRate)}`,
    `turn ${turnMs.toFixed(0).padStart(4)} ms`,
    result.timedOutTurns > 0 ? `timed out ${result.timedOutTurns}` : '',
  ]
    .filter((part) => part !== '')
    .join('  ');
}

/** Rows for ACDS and Basil+, when the run used them. */
function extensionRows(spec: RunResults['spec']): [string, string][] {
  const rows: [string, string][] = [];
  const { acds, plus } = spec;
  if (acds.enabled) {
    rows.push(['acds', `fraction ${acds.fraction}, groups of ${acds.groupSize}`]);
  }
  if (plus.groups > 1) {
    const per = plus.roundsPerGlobalRound;
    rows.push([
      'basil+',
      `${plus.groups} groups, ${per} round${per === 1 ? '' : 's'} per global round, ` +
        `aggregator ${plus.aggregator}`,
    ]);
  }
  return rows;
}

/** The closing summary table. */
export function summaryTable(results: RunResults): string {
  const { spec, plan, final, totals } = results;
  const attackers = `${spec.byzantine.count} ${spec.byzantine.attack.name}`;
  const { turnsTaken, turnsTimedOut, turnsSkipped } = totals;
  const rows: [string, string][] = [
    ['mode', `${results.mode} (backend ${results.backend})`],
    ['method', `${spec.method}, N = ${spec.nodes}, S = ${spec.memory}, rounds = ${spec.rounds}`],
    ...extensionRows(spec),
    [
      'byzantine',
      spec.byzantine.count === 0
        ? 'none'
        : `${attackers} at positions [${plan.byzantinePositions.join(', ')}]`,
    ],
    [
      'honest accuracy',
      `mean ${pct(final.honestAccuracyMean)}, min ${pct(final.honestAccuracyMin)}`,
    ],
    ['own-model accuracy', `mean ${pct(final.ownAccuracyMean)}`],
    ['byzantine selection', pct(final.byzantineSelectionRate)],
    ['turns', `${turnsTaken} taken, ${turnsTimedOut} timed out, ${turnsSkipped} skipped`],
    [
      'rejected models',
      Object.entries(totals.rejectedModels)
        .map(([r, n]) => `${r} ${n}`)
        .join(', ') || 'none',
    ],
    [
      'time',
      `${results.wallClockSeconds.toFixed(1)} s, ${results.meanTurnMs.toFixed(0)} ms per turn`,
    ],
  ];
  const width = Math.max(...rows.map(([key]) => key.length));
  return rows.map(([key, value]) => `  ${key.padEnd(width)}  ${value}`).join('\n');
}
