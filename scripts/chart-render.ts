// Renders the chart offline the ways the checks need, and parses manifests into objects.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { runHelm } from './helm.js';
import type { Manifest } from './manifest-validate.js';

/** The repository root. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The chart folder, relative to the root. */
export const CHART_DIR = 'helm/basil';

/** The committed default render, relative to the root. */
export const RENDERED_FILE = 'k8s/rendered/basil.yaml';

/** Release name and namespace of every render, so the committed one is reproducible. */
export const RELEASE = { name: 'basil', namespace: 'basil' } as const;

/** The API that makes the chart add its Prometheus Operator objects. */
export const MONITORING_API = 'monitoring.coreos.com/v1';

/** One way to render the chart: a name for messages and the extra helm arguments. */
export interface RenderCase {
  readonly name: string;
  readonly args: readonly string[];
}

/** The chart's lint-and-render values files, relative to the root. */
export function ciValuesFiles(): string[] {
  const folder = join(ROOT, CHART_DIR, 'ci');
  return readdirSync(folder)
    .filter((file) => file.endsWith('-values.yaml'))
    .sort()
    .map((file) => `${CHART_DIR}/ci/${file}`);
}

/** Default values, then every ci values file; each also with the Prometheus Operator's API. */
export function renderCases(): RenderCase[] {
  const bases: RenderCase[] = [
    { name: 'default', args: [] },
    ...ciValuesFiles().map((file) => ({ name: file, args: ['--values', file] })),
  ];
  return bases.flatMap((base) => [
    base,
    {
      name: `${base.name} +${MONITORING_API}`,
      args: [...base.args, '--api-versions', MONITORING_API],
    },
  ]);
}

/** Renders the chart, CRDs included, with the given extra arguments. */
export function renderChart(args: readonly string[] = []): string {
  return runHelm([
    'template',
    RELEASE.name,
    CHART_DIR,
    '--namespace',
    RELEASE.namespace,
    '--include-crds',
    ...args,
  ]);
}

const RENDERED_HEADER =
  '# The chart rendered with default values (release "basil", namespace "basil"), CRD included.\n' +
  '# Written by: node --import tsx scripts/chart-check.ts --write\n';

/** The text the committed default render must hold. */
export function renderedFileText(): string {
  return RENDERED_HEADER + renderChart();
}

/** Runs `helm lint --strict` with optional extra arguments and returns its output. */
export function lintChart(args: readonly string[] = []): string {
  return runHelm(['lint', '--strict', CHART_DIR, ...args]);
}

/** A YAML stream that does not parse, or holds something other than Kubernetes objects. */
export class ManifestParseError extends Error {
  override name = 'ManifestParseError';
}

/** Parses a multi-document YAML stream into objects, skipping empty documents. */
export function parseManifests(text: string, source: string): Manifest[] {
  const objects: Manifest[] = [];
  for (const [index, document] of parseAllDocuments(text).entries()) {
    if (document.errors.length > 0) {
      throw new ManifestParseError(
        `${source}, document ${index + 1}: ${document.errors[0]?.message}`,
      );
    }
    const value: unknown = document.toJS();
    if (value === null || value === undefined) continue;
    const object = value as Partial<Manifest>;
    if (typeof object.apiVersion !== 'string' || typeof object.kind !== 'string') {
      throw new ManifestParseError(`${source}, document ${index + 1}: no apiVersion or kind`);
    }
    objects.push(object as Manifest);
  }
  return objects;
}

/** Reads and parses a manifest file relative to the root. */
export function readManifests(file: string): Manifest[] {
  return parseManifests(readFileSync(join(ROOT, file), 'utf8'), file);
}

/** Counts objects by kind, sorted by kind. */
export function countByKind(objects: readonly Manifest[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const object of [...objects].sort((a, b) => a.kind.localeCompare(b.kind))) {
    counts[object.kind] = (counts[object.kind] ?? 0) + 1;
  }
  return counts;
}
