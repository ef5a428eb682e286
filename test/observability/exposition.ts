// Reading what a /metrics endpoint serves and what docs/metrics.md promises about it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './artifacts.js';

/** The metrics catalogue, which also holds the allow-list of names without a unit. */
export const METRICS_DOC = join(ROOT, 'docs', 'metrics.md');

/** Name endings that state a base unit, or a kind of value that is its own unit. */
export const UNIT_SUFFIXES = ['_seconds', '_bytes', '_total', '_ratio', '_info'] as const;

/** Sample name endings a histogram or summary adds to its family name. */
const SERIES_SUFFIXES = ['_bucket', '_sum', '_count'] as const;

/** The heading of the allow-list section in the catalogue. */
const ALLOW_LIST_HEADING = '## Names without a unit suffix';

/** A scraped page: family name to its type, and the name of every sample line. */
export interface Exposition {
  readonly families: ReadonlyMap<string, string>;
  readonly samples: readonly string[];
}

/** Parses the Prometheus text format far enough to check names. */
export function parseExposition(text: string): Exposition {
  const families = new Map<string, string>();
  const samples: string[] = [];
  for (const line of text.split('\n')) {
    const type = /^# TYPE (\S+) (\S+)$/.exec(line);
    if (type !== null) families.set(type[1]!, type[2]!);
    else if (line !== '' && !line.startsWith('#')) samples.push(/^[^{\s]+/.exec(line)![0]);
  }
  return { families, samples };
}

/** The family a sample line belongs to, or undefined when no declared family fits. */
export function familyOf(
  sample: string,
  families: ReadonlyMap<string, string>,
): string | undefined {
  if (families.has(sample)) return sample;
  const suffix = SERIES_SUFFIXES.find((end) => sample.endsWith(end));
  if (suffix === undefined) return undefined;
  const family = sample.slice(0, -suffix.length);
  const type = families.get(family);
  return type === 'histogram' || type === 'summary' ? family : undefined;
}

/** True when the name ends in one of `UNIT_SUFFIXES`. */
export function carriesUnit(name: string): boolean {
  return UNIT_SUFFIXES.some((suffix) => name.endsWith(suffix));
}

function tableNames(markdown: string): string[] {
  const names: string[] = [];
  for (const line of markdown.split('\n')) {
    const match = /^\|\s*`([a-zA-Z_:][a-zA-Z0-9_:]*)`\s*\|/.exec(line);
    if (match !== null) names.push(match[1]!);
  }
  return names;
}

/** Names in the first column of the allow-list table of the catalogue. */
export function allowList(doc = readFileSync(METRICS_DOC, 'utf8')): string[] {
  const start = doc.indexOf(`\n${ALLOW_LIST_HEADING}\n`);
  if (start < 0) throw new Error(`${METRICS_DOC}: no "${ALLOW_LIST_HEADING}" section`);
  const rest = doc.slice(start + ALLOW_LIST_HEADING.length + 2);
  const end = rest.search(/\n## /);
  return tableNames(end < 0 ? rest : rest.slice(0, end));
}

/** Every `basil_*` metric named in the first column of a table of the catalogue. */
export function documentedMetrics(doc = readFileSync(METRICS_DOC, 'utf8')): string[] {
  return [...new Set(tableNames(doc).filter((name) => name.startsWith('basil_')))].sort();
}

/** Fetches a /metrics page over HTTP, as Prometheus would. */
export async function scrape(address: string): Promise<string> {
  const response = await fetch(`http://${address}/metrics`);
  if (!response.ok) throw new Error(`GET http://${address}/metrics: ${response.status}`);
  return response.text();
}
