// The chart's dashboards and alert rules, checked as files: structure Grafana and Prometheus
// need, and the conventions that keep every query on the ring the user picked.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { MONITORING_API, parseManifests, renderChart } from '../../scripts/chart-render.js';
import {
  allPanels,
  annotationQueries,
  loadDashboards,
  loadRules,
  panelQueries,
  queryAnnotations,
  ROOT,
  withoutThresholds,
} from './artifacts.js';

const TEMPLATED_DATASOURCE = { type: 'prometheus', uid: '${datasource}' };
const EXPECTED_DASHBOARDS = ['performance.json', 'ring-overview.json', 'robustness.json'];
const SEVERITIES = ['critical', 'warning', 'info'];

const dashboards = loadDashboards();
const rules = loadRules();

/** Every `{...}` selector of an expression. */
const selectors = (expr: string): string[] => [...expr.matchAll(/\{([^}]*)\}/g)].map((m) => m[1]!);

describe('dashboards', () => {
  it('ships the three dashboards of the chart', () => {
    assert.deepEqual(
      dashboards.map((d) => d.file),
      EXPECTED_DASHBOARDS,
    );
  });

  it('gives every dashboard its own uid and title', () => {
    const uids = dashboards.map((d) => d.json.uid);
    const titles = dashboards.map((d) => d.json.title);
    assert.equal(new Set(uids).size, dashboards.length);
    assert.equal(new Set(titles).size, dashboards.length);
  });

  for (const { file, json } of dashboards) {
    describe(file, () => {
      it('sets schemaVersion 39', () => {
        assert.equal(json.schemaVersion, 39);
      });

      it('numbers its panels with unique ids', () => {
        const ids = allPanels(json).map((panel) => panel.id);
        assert.ok(ids.length > 0, 'no panels');
        assert.ok(
          ids.every((id) => Number.isInteger(id)),
          `ids: ${ids.join(', ')}`,
        );
        assert.equal(new Set(ids).size, ids.length, `ids: ${ids.join(', ')}`);
      });

      it('queries the templated data source in every panel and target', () => {
        for (const panel of allPanels(json).filter((p) => p.type !== 'row')) {
          assert.deepEqual(panel.datasource, TEMPLATED_DATASOURCE, `panel ${panel.title}`);
          assert.ok((panel.targets ?? []).length > 0, `panel ${panel.title} has no target`);
          for (const target of panel.targets ?? []) {
            assert.deepEqual(target.datasource, TEMPLATED_DATASOURCE, `${panel.title}`);
          }
        }
        for (const annotation of queryAnnotations(json)) {
          assert.deepEqual(annotation.datasource, TEMPLATED_DATASOURCE, `${annotation.name}`);
        }
      });

      it('offers datasource, namespace and ring variables', () => {
        const variables = json.templating?.list ?? [];
        const kind = (name: string) => variables.find((v) => v.name === name)?.type;
        assert.deepEqual(['datasource', 'namespace', 'ring'].map(kind), [
          'datasource',
          'query',
          'query',
        ]);
        const datasource = variables.find((v) => v.name === 'datasource');
        assert.equal(datasource?.query, 'prometheus');
      });
    });
  }

  it('restricts every selector of every query to the chosen namespace and ring', () => {
    const queries = [...panelQueries(dashboards), ...annotationQueries(dashboards)];
    assert.ok(queries.length > 30, `only ${queries.length} queries`);
    for (const { source, expr } of queries) {
      assert.ok(expr.trim() !== '', `${source}: empty expression`);
      for (const selector of selectors(expr)) {
        assert.match(selector, /namespace="\$namespace"/, `${source}: {${selector}}`);
        assert.match(selector, /ring="\$ring"/, `${source}: {${selector}}`);
      }
    }
  });
});

describe('alert rules', () => {
  const alerts = rules.filter(({ rule }) => rule.alert !== undefined);
  const runbook = readFileSync(join(ROOT, 'docs', 'alerts.md'), 'utf8');

  it('define the six alerts of the runbook', () => {
    assert.deepEqual(alerts.map(({ rule }) => rule.alert).sort(), [
      'BasilByzantineModelSelected',
      'BasilHonestAccuracyFalling',
      'BasilNodeDown',
      'BasilOperatorDown',
      'BasilRejectionBurst',
      'BasilRingStalled',
    ]);
  });

  it('aggregate every operator series by namespace and ring, whichever pod served it', () => {
    const read = alerts.filter(({ rule }) => (rule.expr ?? '').includes('basil_operator_'));
    assert.equal(read.length, 3);
    for (const { rule } of read) {
      const expr = rule.expr ?? '';
      const all = expr.match(/basil_operator_\w+/g) ?? [];
      const aggregated = expr.match(/by \(namespace, ring\) \(\s*(?:\w+\()?basil_operator_/g) ?? [];
      assert.equal(aggregated.length, all.length, `${rule.alert}: ${expr}`);
    }
  });

  for (const { group, rule } of alerts) {
    describe(`${group} / ${rule.alert}`, () => {
      it('has an expression that compares with a threshold', () => {
        assert.ok(rule.expr !== undefined && rule.expr.trim() !== '');
        assert.notEqual(withoutThresholds(rule.expr), rule.expr, 'no threshold to remove');
      });

      it('states how long the condition must hold', () => {
        assert.match(rule.for ?? '', /^\d+[smh]$/);
      });

      it('carries a severity, a summary and a description', () => {
        assert.ok(SEVERITIES.includes(rule.labels?.severity ?? ''), `${rule.labels?.severity}`);
        assert.ok((rule.annotations?.summary ?? '').length > 10);
        assert.ok((rule.annotations?.description ?? '').length > 10);
      });

      it('has a runbook section in docs/alerts.md', () => {
        assert.ok(runbook.includes(`\n## ${rule.alert}\n`), `no "## ${rule.alert}" section`);
      });
    });
  }
});

describe('scrape of the operator and the nodes in the chart', () => {
  const objects = parseManifests(renderChart(['--api-versions', MONITORING_API]), 'monitoring');
  const endpoints = (kind: string, field: string) => {
    const found = objects.find((object) => object.kind === kind);
    return ((found?.spec as Record<string, unknown> | undefined)?.[field] ?? []) as {
      honorLabels?: boolean;
    }[];
  };

  it("honours the operator's namespace and ring labels", () => {
    assert.deepEqual(
      endpoints('ServiceMonitor', 'endpoints').map((e) => e.honorLabels),
      [true],
    );
  });

  it('gives node series the ring of their pod, whatever ring label a node exports', () => {
    assert.deepEqual(
      endpoints('PodMonitor', 'podMetricsEndpoints').map((e) => e.honorLabels ?? false),
      [false],
    );
  });
});

describe('withoutThresholds', () => {
  const cases: [string, string][] = [
    ['up{job=~".*basil.*"} == 0', 'up{job=~".*basil.*"}'],
    ['a - b > 0.1', 'a - b'],
    ['x > bool 1e-3 and y{ring!=""} <= -2', 'x and y{ring!=""}'],
    ['histogram_quantile(0.9, rate(h[5m]))', 'histogram_quantile(0.9, rate(h[5m]))'],
  ];
  for (const [expr, expected] of cases) {
    it(`turns ${expr} into ${expected}`, () => {
      assert.equal(withoutThresholds(expr), expected);
    });
  }
});
