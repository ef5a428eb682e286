// Time per turn of one spec, run by the simulator in this process and as a local ring of node
// processes. Both sides time a turn the same way: from the start of selection to the moment
// the model has reached the successors (the simulator's store into memory, the node's acked
// PushModel calls). The first round is also left out, since every process warms up in it.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { initBackend, simulate, type RingSpec } from '../services/core/src/index.js';
import { runLocalRing } from '../services/operator/src/local/driver.js';

/** Turn timings of one mode. */
export interface TurnFigures {
  readonly turns: number;
  /** Mean of the per-turn durations each mode measures. */
  readonly meanTurnMs: number;
  /** The same, rounds 2 and later only. */
  readonly warmTurnMs: number;
  /** Running time of the ring from its first turn to its last, divided by the turns. */
  readonly wallClockPerTurnMs: number;
  readonly finalHonestAccuracy: number;
}

/** Sums of per-round turn time, to average over all rounds or the warm ones. */
class RoundTimes {
  private readonly sums = new Map<number, { ms: number; turns: number }>();

  add(round: number, ms: number, turns: number): void {
    const entry = this.sums.get(round) ?? { ms: 0, turns: 0 };
    this.sums.set(round, { ms: entry.ms + ms, turns: entry.turns + turns });
  }

  mean(fromRound = 1): number {
    const kept = [...this.sums].filter(([round]) => round >= fromRound).map(([, e]) => e);
    const ms = kept.reduce((sum, e) => sum + e.ms, 0);
    return ms / kept.reduce((sum, e) => sum + e.turns, 0);
  }
}

/** Runs `spec` in the simulator. */
export async function simulatorTurns(spec: RingSpec): Promise<TurnFigures> {
  await initBackend();
  const times = new RoundTimes();
  let firstTurnAt: number | undefined;
  let lastTurnAt = 0;
  const result = await simulate(spec, {
    onTurn: (outcome, durationMs) => {
      lastTurnAt = performance.now();
      firstTurnAt ??= lastTurnAt - durationMs;
      times.add(outcome.round, durationMs, 1);
    },
  });
  return {
    turns: result.turns.length,
    meanTurnMs: times.mean(),
    warmTurnMs: times.mean(2),
    wallClockPerTurnMs: (lastTurnAt - (firstTurnAt ?? 0)) / result.turns.length,
    finalHonestAccuracy: result.rounds.at(-1)?.honestAccuracyMean ?? Number.NaN,
  };
}

/** Runs `spec` as a local ring of node processes. */
export async function localTurns(spec: RingSpec): Promise<TurnFigures> {
  const runDir = await mkdtemp(join(tmpdir(), 'basil-bench-'));
  const times = new RoundTimes();
  try {
    const outcome = await runLocalRing(spec, {
      runDir,
      logger: pino({ level: 'silent' }),
      pollIntervalMs: 50,
      onRound: ({ result, meanTurnMs }) =>
        times.add(result.round, meanTurnMs * result.turns, result.turns),
    });
    return {
      turns: outcome.totals.turnsTaken,
      meanTurnMs: times.mean(),
      warmTurnMs: times.mean(2),
      wallClockPerTurnMs: (1000 * outcome.ringSeconds) / outcome.totals.turnsTaken,
      finalHonestAccuracy: outcome.rounds.at(-1)?.honestAccuracyMean ?? Number.NaN,
    };
  } finally {
    await rm(runDir, { recursive: true, force: true });
  }
}
