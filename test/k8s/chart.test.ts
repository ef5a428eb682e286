// The Helm chart, checked offline: lint, renders with every values file, schema validation of
// every rendered object, and the committed default render.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  MONITORING_API,
  RENDERED_FILE,
  ROOT,
  ciValuesFiles,
  countByKind,
  lintChart,
  parseManifests,
  readManifests,
  renderCases,
  renderChart,
  renderedFileText,
} from '../../scripts/chart-render.js';
import { staleCrdFiles } from '../../scripts/gen-crd.js';
import { k8sFiles, k8sValidator } from '../../scripts/k8s-files.js';
import { describeObject, type Manifest } from '../../scripts/manifest-validate.js';
import { formatIssues } from '../../scripts/openapi-validate.js';

// One ConfigMap per dashboard file: the dashboards are written apart from the chart's templates.
const DASHBOARDS = readdirSync(join(ROOT, 'helm/basil/dashboards')).filter((f) =>
  f.endsWith('.json'),
);

const DEFAULT_KINDS = {
  ClusterRole: 1,
  ClusterRoleBinding: 1,
  ConfigMap: DASHBOARDS.length,
  CustomResourceDefinition: 1,
  Deployment: 1,
  NetworkPolicy: 2,
  Pod: 1,
  PodDisruptionBudget: 1,
  Role: 1,
  RoleBinding: 1,
  Service: 1,
  ServiceAccount: 1,
};

function find(objects: readonly Manifest[], kind: string, name?: string): Manifest {
  const found = objects.find(
    (o) => o.kind === kind && (name === undefined || o.metadata?.name === name),
  );
  assert.ok(found, `no ${kind} ${name ?? ''} rendered`);
  return found;
}

function assertValid(where: string, objects: readonly Manifest[]): void {
  const validator = k8sValidator();
  for (const object of objects) {
    const issues = validator.validate(object);
    assert.equal(formatIssues(issues), '', `${where}: ${describeObject(object)}`);
  }
}

describe('helm chart', () => {
  const defaults = parseManifests(renderChart(), 'default render');

  it('passes helm lint --strict with default values and with every ci values file', () => {
    for (const args of [[], ...ciValuesFiles().map((file) => ['--values', file])]) {
      assert.match(lintChart(args), /1 chart\(s\) linted, 0 chart\(s\) failed/);
    }
  });

  it('renders the default objects, by kind', () => {
    assert.deepEqual(countByKind(defaults), DEFAULT_KINDS);
  });

  it('packages each dashboard file as a ConfigMap labelled for the Grafana sidecar', () => {
    const configMaps = defaults.filter((o) => o.kind === 'ConfigMap');
    const files = configMaps.flatMap((o) => Object.keys(o.data as object));
    assert.deepEqual(files.sort(), [...DASHBOARDS].sort());
    for (const configMap of configMaps) {
      const labels = (configMap.metadata as { labels: Record<string, string> }).labels;
      assert.equal(labels.grafana_dashboard, '1');
    }
  });

  it('adds PodMonitor, ServiceMonitor and PrometheusRule only with the monitoring API', () => {
    const args = ['--api-versions', MONITORING_API];
    const monitored = parseManifests(renderChart(args), 'monitoring');
    assert.deepEqual(countByKind(monitored), {
      ...DEFAULT_KINDS,
      PodMonitor: 1,
      PrometheusRule: 1,
      ServiceMonitor: 1,
    });
  });

  it('validates every object of every render against its schema', () => {
    for (const renderCase of renderCases()) {
      assertValid(renderCase.name, parseManifests(renderChart(renderCase.args), renderCase.name));
    }
  });

  it('selects operator pods on name and instance only', () => {
    const selector = { 'app.kubernetes.io/name': 'basil', 'app.kubernetes.io/instance': 'basil' };
    const deployment = find(defaults, 'Deployment').spec as { selector: { matchLabels: object } };
    assert.deepEqual(deployment.selector.matchLabels, selector);
    assert.deepEqual((find(defaults, 'Service').spec as { selector: object }).selector, selector);
  });

  it('passes the operator its watch namespace, pod identity and ring pod defaults', () => {
    const deployment = find(defaults, 'Deployment').spec as {
      template: {
        spec: { containers: { args: string[]; env: { name: string; value?: string }[] }[] };
      };
    };
    const [container] = deployment.template.spec.containers;
    assert.deepEqual(container?.args, ['operator']);
    const env = Object.fromEntries((container?.env ?? []).map((e) => [e.name, e.value ?? 'from']));
    assert.deepEqual(env, {
      BASIL_NAMESPACE: '',
      BASIL_LOG_LEVEL: 'info',
      BASIL_HTTP_PORT: '8080',
      POD_NAME: 'from',
      POD_NAMESPACE: 'from',
      BASIL_NODE_IMAGE: 'basil:0.1.0',
      BASIL_NODE_IMAGE_PULL_POLICY: 'IfNotPresent',
      BASIL_NODE_LOG_LEVEL: 'info',
      BASIL_NODE_RESOURCES:
        '{"limits":{"cpu":"1","memory":"1Gi"},"requests":{"cpu":"500m","memory":"512Mi"}}',
      BASIL_NODE_POD_SECURITY_CONTEXT:
        '{"fsGroup":10001,"runAsGroup":10001,"runAsNonRoot":true,"runAsUser":10001,' +
        '"seccompProfile":{"type":"RuntimeDefault"}}',
      BASIL_NODE_SECURITY_CONTEXT:
        '{"allowPrivilegeEscalation":false,"capabilities":{"drop":["ALL"]},' +
        '"readOnlyRootFilesystem":true,"runAsGroup":10001,"runAsNonRoot":true,"runAsUser":10001,' +
        '"seccompProfile":{"type":"RuntimeDefault"}}',
    });
  });

  it('grants a Role in the watch namespace instead of a ClusterRole when namespaced', () => {
    const file = ciValuesFiles().find((f) => f.includes('namespaced-rbac'));
    assert.ok(file);
    const objects = parseManifests(renderChart(['--values', file]), file);
    const roles = objects.filter((o) => o.kind === 'Role').map((o) => describeObject(o));
    assert.deepEqual(roles.sort(), [
      'Role/basil/basil-operator-leader-election',
      'Role/rings/basil-operator',
    ]);
    assert.equal(objects.filter((o) => o.kind.startsWith('Cluster')).length, 0);
  });

  it('reports a misspelt field, so validation is not vacuous', () => {
    const broken = structuredClone(find(defaults, 'Deployment')) as Manifest & {
      spec: { template: { spec: Record<string, unknown> } };
    };
    broken.spec.template.spec.securityContex = {};
    assert.equal(
      formatIssues(k8sValidator().validate(broken)),
      'spec.template.spec.securityContex: unknown field "securityContex"',
    );
  });

  it('keeps k8s/rendered/basil.yaml equal to the default render', () => {
    assert.equal(readFileSync(join(ROOT, RENDERED_FILE), 'utf8'), renderedFileText());
  });

  it('keeps the generated CRD files up to date', async () => {
    assert.deepEqual(await staleCrdFiles(), []);
  });
});

describe('chaos experiments', () => {
  it('validate and target ring pods by the operator labels or by pod name', () => {
    const targets: string[] = [];
    for (const file of k8sFiles('chaos')) {
      const objects = readManifests(file);
      assertValid(file, objects);
      for (const object of objects) {
        const selector = (object.spec as { selector: Record<string, object> }).selector;
        targets.push(`${object.kind}:${Object.keys(selector).sort().join('+')}`);
      }
    }
    assert.deepEqual(targets.sort(), [
      'NetworkChaos:labelSelectors+namespaces',
      'NetworkChaos:pods',
      'PodChaos:labelSelectors+namespaces',
    ]);
  });
});
