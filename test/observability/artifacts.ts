// The chart's observability files as the tests see them: the Grafana dashboards, the Prometheus
// rules, and every PromQL expression in them, ready to send to a Prometheus server.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

/** The repository root. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Folder of the dashboards the chart ships as ConfigMaps. */
export const DASHBOARD_DIR = join(ROOT, 'helm', 'basil', 'dashboards');

/** The alert rules the chart ships as a PrometheusRule. */
export const RULES_FILE = join(ROOT, 'helm', 'basil', 'rules', 'basil.rules.yaml');

/** One query of a panel, as Grafana stores it. */
export interface GrafanaTarget {
  readonly refId?: string;
  readonly expr?: string;
  readonly datasource?: unknown;
}

/** A panel; rows hold their collapsed panels in `panels`. */
export interface GrafanaPanel {
  readonly id?: number;
  readonly type?: string;
  readonly title?: string;
  readonly datasource?: unknown;
  readonly targets?: readonly GrafanaTarget[];
  readonly panels?: readonly GrafanaPanel[];
}

/** The parts of a Grafana dashboard JSON model the tests read. */
export interface GrafanaDashboard {
  readonly uid?: string;
  readonly title?: string;
  readonly schemaVersion?: number;
  readonly panels?: readonly GrafanaPanel[];
  readonly templating?: { readonly list?: readonly Record<string, unknown>[] };
  readonly annotations?: { readonly list?: readonly Record<string, unknown>[] };
}

/** A dashboard file and its parsed content. */
export interface DashboardFile {
  readonly file: string;
  readonly json: GrafanaDashboard;
}

/** One PromQL expression and where it comes from, for messages. */
export interface Query {
  readonly source: string;
  readonly expr: string;
}

/** A rule of a Prometheus rule file. */
export interface Rule {
  readonly alert?: string;
  readonly record?: string;
  readonly expr?: string;
  readonly for?: string;
  readonly labels?: Record<string, string>;
  readonly annotations?: Record<string, string>;
}

/** Every `*.json` of the dashboards folder, parsed; a file that is not JSON throws. */
export function loadDashboards(): DashboardFile[] {
  const files = readdirSync(DASHBOARD_DIR).filter((name) => name.endsWith('.json'));
  return files.sort().map((file) => ({
    file,
    json: JSON.parse(readFileSync(join(DASHBOARD_DIR, file), 'utf8')) as GrafanaDashboard,
  }));
}

/** Every panel of a dashboard, rows and the panels inside collapsed rows included. */
export function allPanels(dashboard: GrafanaDashboard): GrafanaPanel[] {
  const walk = (panels: readonly GrafanaPanel[]): GrafanaPanel[] =>
    panels.flatMap((panel) => [panel, ...walk(panel.panels ?? [])]);
  return walk(dashboard.panels ?? []);
}

/** Annotation queries other than Grafana's built-in one. */
export function queryAnnotations(dashboard: GrafanaDashboard): Record<string, unknown>[] {
  return (dashboard.annotations?.list ?? []).filter((annotation) => annotation.builtIn !== 1);
}

/** Every target expression of every panel of the dashboards. */
export function panelQueries(dashboards: readonly DashboardFile[]): Query[] {
  return dashboards.flatMap(({ file, json }) =>
    allPanels(json).flatMap((panel) =>
      (panel.targets ?? []).map((target) => ({
        source: `${file} / ${panel.title ?? panel.id} / ${target.refId ?? '?'}`,
        expr: target.expr ?? '',
      })),
    ),
  );
}

/** The expressions of the dashboards' Prometheus annotations. */
export function annotationQueries(dashboards: readonly DashboardFile[]): Query[] {
  return dashboards.flatMap(({ file, json }) =>
    queryAnnotations(json).map((annotation) => ({
      source: `${file} / annotation ${String(annotation.name)}`,
      expr: typeof annotation.expr === 'string' ? annotation.expr : '',
    })),
  );
}

/** Every rule of the rules file, with the name of its group. */
export function loadRules(): { group: string; rule: Rule }[] {
  const file = parse(readFileSync(RULES_FILE, 'utf8')) as {
    groups?: { name: string; rules?: Rule[] }[];
  };
  return (file.groups ?? []).flatMap((group) =>
    (group.rules ?? []).map((rule) => ({ group: group.name, rule })),
  );
}

// A comparison with a number literal, `bool` modifier included; label matchers such as `!=""`
// and `=~` never match because a number must follow the operator.
const THRESHOLD = /\s*(?:[=!]=|[<>]=?)\s*(?:bool\s+)?-?[\d.]+(?:e[+-]?\d+)?(?![\w.])/gi;

/**
 * An alert condition with its thresholds removed: what remains are the series the condition
 * compares, which must exist for the alert to mean anything.
 */
export function withoutThresholds(expr: string): string {
  return expr.replace(THRESHOLD, '');
}

/** Values for the variables Grafana would fill in. */
export interface Variables {
  readonly namespace: string;
  readonly ring: string;
  /** Window of `rate()` and `increase()`, such as `20s`. */
  readonly rateInterval: string;
  /** Step between points. */
  readonly interval: string;
  /** Length of the dashboard's time range. */
  readonly range: string;
}

/** An expression with Grafana's variables replaced, as Grafana sends it to Prometheus. */
export function concrete(expr: string, values: Variables): string {
  return expr
    .replaceAll('$__rate_interval', values.rateInterval)
    .replaceAll('$__interval', values.interval)
    .replaceAll('$__range', values.range)
    .replaceAll('$namespace', values.namespace)
    .replaceAll('$ring', values.ring);
}
