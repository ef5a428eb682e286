// The BasilRing CustomResourceDefinition, built from the ring spec so the two cannot drift.
import { ringSpecJsonSchema } from '../services/core/src/spec/validate.js';
import { ringSpecOpenApi, type SchemaNode } from './crd-schema.js';

/** API group, version and names of the ring resource. */
export const BASIL_RING = {
  group: 'basil.dev',
  version: 'v1alpha1',
  kind: 'BasilRing',
  plural: 'basilrings',
  singular: 'basilring',
  shortName: 'bring',
} as const;

/** Phases a ring's status moves through. */
export const RING_PHASES = ['Pending', 'Configuring', 'Running', 'Succeeded', 'Failed'] as const;

/** Condition types the operator writes. */
export const CONDITION_TYPES = ['Available', 'Progressing', 'Degraded'] as const;

const SIGNED_DECIMAL = '(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))';

// A Kubernetes quantity: users write `cpu: 1` as readily as `cpu: "500m"`.
const QUANTITY: SchemaNode = {
  anyOf: [{ type: 'integer' }, { type: 'string' }],
  pattern: `^${SIGNED_DECIMAL}(([KMGTPE]i)|[numkMGTPE]|([eE]${SIGNED_DECIMAL}))?$`,
  'x-kubernetes-int-or-string': true,
};

const RESOURCES: SchemaNode = {
  type: 'object',
  description: 'requests and limits of each ring pod; default from the chart value node.resources',
  properties: {
    requests: { type: 'object', additionalProperties: QUANTITY },
    limits: { type: 'object', additionalProperties: QUANTITY },
  },
};

const CONDITION: SchemaNode = {
  type: 'object',
  required: ['type', 'status', 'lastTransitionTime', 'reason', 'message'],
  properties: {
    type: { type: 'string', enum: [...CONDITION_TYPES] },
    status: { type: 'string', enum: ['True', 'False', 'Unknown'] },
    observedGeneration: { type: 'integer', format: 'int64', minimum: 0 },
    lastTransitionTime: { type: 'string', format: 'date-time' },
    reason: {
      type: 'string',
      maxLength: 1024,
      minLength: 1,
      pattern: '^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$',
    },
    message: { type: 'string', maxLength: 32768 },
  },
};

const STATUS: SchemaNode = {
  type: 'object',
  description: 'written by the operator only',
  properties: {
    phase: { type: 'string', enum: [...RING_PHASES] },
    round: { type: 'integer', minimum: 0, description: 'lowest round any honest node finished' },
    honestAccuracyMean: { type: 'number', minimum: 0, maximum: 1 },
    honestAccuracyMin: { type: 'number', minimum: 0, maximum: 1 },
    observedGeneration: { type: 'integer', format: 'int64', minimum: 0 },
    epoch: { type: 'integer', minimum: 0, description: 'bumped on every re-plan of the ring' },
    assignments: {
      type: 'array',
      description: 'ring position and role given to each pod',
      items: {
        type: 'object',
        required: ['position', 'pod', 'role'],
        properties: {
          position: { type: 'integer', minimum: 0 },
          pod: { type: 'string' },
          role: { type: 'string', enum: ['honest', 'byzantine'] },
        },
      },
    },
    conditions: {
      type: 'array',
      items: CONDITION,
      'x-kubernetes-list-type': 'map',
      'x-kubernetes-list-map-keys': ['type'],
    },
  },
};

/** The openAPIV3Schema of a BasilRing's `spec`: the ring spec plus Kubernetes-only fields. */
export function basilRingSpecSchema(): SchemaNode {
  const spec = ringSpecOpenApi(ringSpecJsonSchema());
  const properties = spec.properties as SchemaNode;
  return {
    ...spec,
    description: 'the ring spec; every field but image and resources means the same as in YAML',
    properties: {
      ...properties,
      image: { type: 'string', description: 'node image; default from the chart value node.image' },
      resources: RESOURCES,
    },
  };
}

/** The whole CustomResourceDefinition object. */
export function basilRingCrd(): SchemaNode {
  const { group, version, kind, plural, singular, shortName } = BASIL_RING;
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: {
      name: `${plural}.${group}`,
      labels: { 'app.kubernetes.io/name': 'basil', 'app.kubernetes.io/component': 'crd' },
    },
    spec: {
      group,
      scope: 'Namespaced',
      names: { kind, plural, singular, shortNames: [shortName], listKind: `${kind}List` },
      versions: [
        {
          name: version,
          served: true,
          storage: true,
          subresources: { status: {} },
          additionalPrinterColumns: [
            { name: 'Phase', type: 'string', jsonPath: '.status.phase' },
            { name: 'Round', type: 'integer', jsonPath: '.status.round' },
            { name: 'Accuracy', type: 'number', jsonPath: '.status.honestAccuracyMean' },
            { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
          ],
          schema: {
            openAPIV3Schema: {
              type: 'object',
              description: 'a ring of Basil nodes training one model',
              required: ['spec'],
              properties: {
                apiVersion: { type: 'string' },
                kind: { type: 'string' },
                metadata: { type: 'object' },
                spec: basilRingSpecSchema(),
                status: STATUS,
              },
            },
          },
        },
      ],
    },
  };
}
