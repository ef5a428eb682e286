// Structural schemas for the third-party kinds this project writes: Prometheus Operator monitors
// and rules, and Chaos Mesh experiments. They cover the fields we use, as the upstream CRDs
// define them, so a typo or a misplaced field fails the check instead of being pruned silently.
import type { SchemaNode } from './crd-schema.js';

const str: SchemaNode = { type: 'string' };
const int: SchemaNode = { type: 'integer' };
const bool: SchemaNode = { type: 'boolean' };
const strings: SchemaNode = { type: 'array', items: str };
const stringMap: SchemaNode = { type: 'object', additionalProperties: str };
const free: SchemaNode = { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
const duration: SchemaNode = { type: 'string', pattern: '^(0|(([0-9]+)(ms|s|m|h))+)$' };

function object(properties: SchemaNode, required: string[] = []): SchemaNode {
  return required.length > 0
    ? { type: 'object', properties, required }
    : { type: 'object', properties };
}

const matchExpressions: SchemaNode = {
  type: 'array',
  items: object({ key: str, operator: str, values: strings }, ['key', 'operator']),
};

const labelSelector = object({ matchLabels: stringMap, matchExpressions });

const namespaceSelector = object({ any: bool, matchNames: strings });

const relabelings: SchemaNode = { type: 'array', items: free };

const scrapeEndpoint = object({
  port: str,
  path: str,
  scheme: { type: 'string', enum: ['http', 'https'] },
  interval: duration,
  scrapeTimeout: duration,
  honorLabels: bool,
  relabelings,
  metricRelabelings: relabelings,
});

const monitorSpec = (endpoints: string): SchemaNode =>
  object(
    {
      jobLabel: str,
      selector: labelSelector,
      namespaceSelector,
      podTargetLabels: strings,
      targetLabels: strings,
      sampleLimit: int,
      [endpoints]: { type: 'array', items: scrapeEndpoint, minItems: 1 },
    },
    ['selector'],
  );

const rule = object(
  {
    record: str,
    alert: str,
    expr: { 'x-kubernetes-int-or-string': true },
    for: duration,
    keep_firing_for: duration,
    labels: stringMap,
    annotations: stringMap,
  },
  ['expr'],
);

const ruleGroup = object(
  {
    name: { type: 'string', minLength: 1 },
    interval: duration,
    limit: int,
    rules: { type: 'array', items: rule },
  },
  ['name'],
);

const chaosSelector = object({
  namespaces: strings,
  labelSelectors: stringMap,
  expressionSelectors: matchExpressions,
  pods: { type: 'object', additionalProperties: strings },
  podPhaseSelectors: strings,
});

const chaosMode: SchemaNode = {
  type: 'string',
  enum: ['one', 'all', 'fixed', 'fixed-percent', 'random-max-percent'],
};

const podChaosSpec = object(
  {
    action: { type: 'string', enum: ['pod-kill', 'pod-failure', 'container-kill'] },
    mode: chaosMode,
    value: str,
    selector: chaosSelector,
    containerNames: strings,
    gracePeriod: int,
    duration: str,
  },
  ['action', 'mode', 'selector'],
);

const networkChaosSpec = object(
  {
    action: {
      type: 'string',
      enum: ['netem', 'delay', 'loss', 'duplicate', 'corrupt', 'partition', 'bandwidth'],
    },
    mode: chaosMode,
    value: str,
    selector: chaosSelector,
    direction: { type: 'string', enum: ['to', 'from', 'both'] },
    target: object({ mode: chaosMode, value: str, selector: chaosSelector }, ['mode', 'selector']),
    delay: object({ latency: str, correlation: str, jitter: str, reorder: free }, ['latency']),
    duration: str,
  },
  ['action', 'mode', 'selector'],
);

function resource(spec: SchemaNode): SchemaNode {
  return object({ apiVersion: str, kind: str, metadata: free, spec }, ['spec']);
}

/** Schemas of third-party kinds, keyed by `apiVersion/kind`. */
export const CUSTOM_KIND_SCHEMAS: Readonly<Record<string, SchemaNode>> = {
  'monitoring.coreos.com/v1/PodMonitor': resource(monitorSpec('podMetricsEndpoints')),
  'monitoring.coreos.com/v1/ServiceMonitor': resource(monitorSpec('endpoints')),
  'monitoring.coreos.com/v1/PrometheusRule': resource(
    object({ groups: { type: 'array', items: ruleGroup } }),
  ),
  'chaos-mesh.org/v1alpha1/PodChaos': resource(podChaosSpec),
  'chaos-mesh.org/v1alpha1/NetworkChaos': resource(networkChaosSpec),
};
