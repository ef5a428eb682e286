// The results of a run, as printed and as written to `results.json` in a run folder.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify as toYaml } from 'yaml';
import type { BackendName, RingPlan, RingSpec, RoundResult } from '../../../core/src/index.js';

/** Everything `results.json` holds. */
export interface RunResults {
  readonly mode: 'simulate' | 'local';
  readonly backend: BackendName;
  readonly spec: RingSpec;
  readonly plan: RingPlan;
  readonly rounds: readonly RoundResult[];
  readonly final: RoundResult;
  readonly totals: {
    readonly turnsTaken: number;
    readonly turnsTimedOut: number;
    /** Turns never taken, for example by a node that died. */
    readonly turnsSkipped: number;
    readonly rejectedModels: Readonly<Record<string, number>>;
  };
  readonly meanTurnMs: number;
  readonly wallClockSeconds: number;
}

/** Writes `results.json` and `spec.yaml` into `dir`, creating it; returns the files written. */
export async function writeResults(dir: string, results: RunResults): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const files = [join(dir, 'results.json'), join(dir, 'spec.yaml')];
  await writeFile(files[0] as string, `${JSON.stringify(results, null, 2)}\n`);
  await writeFile(files[1] as string, toYaml(results.spec));
  return files;
}
