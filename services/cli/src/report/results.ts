// The results of a run, as printed and as written to `results.json` in a run folder.
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { stringify as toYaml } from 'yaml';
import type {
  BackendName,
  RingPlan,
  RingSpec,
  RoundResult,
  RunTotals,
} from '../../../core/src/index.js';
import { UsageError } from '../spec-input.js';
import { accuracyChartSvg, svgToPng } from './chart.js';

/** Everything `results.json` holds. */
export interface RunResults {
  readonly mode: 'simulate' | 'local';
  readonly backend: BackendName;
  readonly spec: RingSpec;
  readonly plan: RingPlan;
  readonly rounds: readonly RoundResult[];
  readonly final: RoundResult;
  readonly totals: RunTotals;
  readonly meanTurnMs: number;
  readonly wallClockSeconds: number;
}

/** The chart's title: what ran, on how many nodes, against which attack. */
export function chartTitle({ mode, spec }: RunResults): string {
  const { count, attack } = spec.byzantine;
  const attackers = count === 0 ? 'no Byzantine nodes' : `${count} ${attack.name} Byzantine`;
  return `${spec.method} (${mode}): N = ${spec.nodes}, S = ${spec.memory}, ${attackers}`;
}

const codeOf = (error: unknown): string | undefined => (error as NodeJS.ErrnoException).code;

/**
 * Creates `dir` and its missing parents, one at a time. Node's recursive mkdir never settles
 * for a path it cannot create under some file systems (a folder under /proc), so it is not used.
 */
export async function makeDirectory(dir: string): Promise<void> {
  const missing: string[] = [];
  for (let path = resolve(dir); ; path = dirname(path)) {
    const found = await stat(path).catch((error: unknown) => {
      if (codeOf(error) === 'ENOENT') return undefined;
      throw error;
    });
    if (found !== undefined) {
      if (!found.isDirectory()) throw Object.assign(new Error(path), { code: 'ENOTDIR' });
      break;
    }
    missing.unshift(path);
    if (dirname(path) === path) break;
  }
  for (const path of missing) {
    await mkdir(path).catch((error: unknown) => {
      if (codeOf(error) !== 'EEXIST') throw error;
    });
  }
}

/** Creates the output folder before a run starts, so a bad `--out` fails in one line at once. */
export async function prepareOutDir(dir: string): Promise<void> {
  try {
    await makeDirectory(dir);
  } catch (error) {
    const code = codeOf(error) ?? 'error';
    throw new UsageError(`--out ${dir}: cannot create the folder (${code})`);
  }
}

/**
 * Writes `results.json`, `spec.yaml`, `accuracy.svg` and `accuracy.png` into `dir`, creating it;
 * returns the files written.
 */
export async function writeResults(dir: string, results: RunResults): Promise<string[]> {
  await makeDirectory(dir);
  const svg = accuracyChartSvg(results.rounds, chartTitle(results));
  const contents: [string, string | Buffer][] = [
    ['results.json', `${JSON.stringify(results, null, 2)}\n`],
    ['spec.yaml', toYaml(results.spec)],
    ['accuracy.svg', svg],
    ['accuracy.png', svgToPng(svg)],
  ];
  const files = contents.map(([name]) => join(dir, name));
  await Promise.all(contents.map(([, content], i) => writeFile(files[i] as string, content)));
  return files;
}
