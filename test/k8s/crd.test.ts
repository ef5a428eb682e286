// The BasilRing CRD: generated from the ring spec, structural, and strict about what it accepts.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { basilRingCrd } from '../../scripts/basilring-crd.js';
import { readManifests } from '../../scripts/chart-render.js';
import { SchemaConversionError, toStructural, type SchemaNode } from '../../scripts/crd-schema.js';
import { basilRingCrdManifest, basilRingSchema, k8sFiles } from '../../scripts/k8s-files.js';
import { formatIssues, validateCustomResource } from '../../scripts/openapi-validate.js';
import { parseRingSpec } from '../../services/core/src/spec/validate.js';

const schema = basilRingSchema();

function ring(spec: Record<string, unknown>): Record<string, unknown> {
  return { apiVersion: 'basil.dev/v1alpha1', kind: 'BasilRing', metadata: { name: 'r' }, spec };
}

function everyNode(
  node: unknown,
  visit: (node: SchemaNode, path: string) => void,
  path = '',
): void {
  if (node === null || typeof node !== 'object') return;
  if (!Array.isArray(node)) visit(node as SchemaNode, path);
  for (const [key, child] of Object.entries(node)) everyNode(child, visit, `${path}/${key}`);
}

describe('BasilRing CRD', () => {
  it('matches what the generator builds from the ring spec', () => {
    assert.deepEqual(basilRingCrdManifest(), basilRingCrd());
  });

  it('names the resource basilrings.basil.dev, short name bring, namespaced', () => {
    const spec = basilRingCrdManifest().spec as Record<string, unknown>;
    assert.deepEqual(
      { group: spec.group, scope: spec.scope, names: spec.names },
      {
        group: 'basil.dev',
        scope: 'Namespaced',
        names: {
          kind: 'BasilRing',
          plural: 'basilrings',
          singular: 'basilring',
          shortNames: ['bring'],
          listKind: 'BasilRingList',
        },
      },
    );
  });

  it('serves v1alpha1 with a status subresource and phase, round, accuracy and age columns', () => {
    const [version] = (basilRingCrdManifest().spec as { versions: Record<string, unknown>[] })
      .versions;
    assert.equal(version?.name, 'v1alpha1');
    assert.deepEqual(version?.subresources, { status: {} });
    const columns = version?.additionalPrinterColumns as { name: string; jsonPath: string }[];
    assert.deepEqual(
      columns.map((c) => `${c.name}=${c.jsonPath}`),
      [
        'Phase=.status.phase',
        'Round=.status.round',
        'Accuracy=.status.honestAccuracyMean',
        'Age=.metadata.creationTimestamp',
      ],
    );
  });

  it('is structural: a type on every node, no additionalProperties beside properties', () => {
    const problems: string[] = [];
    everyNode(schema, (node, path) => {
      if (path.endsWith('/properties') || path.endsWith('/anyOf')) return;
      if (node.properties !== undefined && node.additionalProperties !== undefined) {
        problems.push(`${path}: additionalProperties beside properties`);
      }
      const typed = node.type !== undefined || node['x-kubernetes-int-or-string'] === true;
      if (!typed && !path.endsWith('/default')) problems.push(`${path}: no type`);
      if (node.maximum === Number.MAX_SAFE_INTEGER) problems.push(`${path}: unbounded maximum`);
    });
    assert.deepEqual(problems, []);
  });

  it('writes exclusive bounds the OpenAPI v3.0 way', () => {
    const spec = (schema.properties as Record<string, SchemaNode>).spec as SchemaNode;
    const learningRate = (spec.properties as Record<string, SchemaNode>).learningRate;
    assert.deepEqual(
      { minimum: learningRate?.minimum, exclusiveMinimum: learningRate?.exclusiveMinimum },
      { minimum: 0, exclusiveMinimum: true },
    );
  });

  it('refuses to convert a union that has no structural form', () => {
    const union = { anyOf: [{ type: 'string' }, { type: 'number' }] };
    assert.throws(() => toStructural(union, 'spec.x'), SchemaConversionError);
  });
});

describe('sample rings', () => {
  const samples = k8sFiles('samples').flatMap((file) =>
    readManifests(file).map((object) => ({ file, object })),
  );

  it('include the IID and consecutive rings', () => {
    const files = samples.map((s) => s.file);
    assert.ok(files.includes('k8s/samples/iid-gaussian.yaml'), files.join(', '));
    assert.ok(files.includes('k8s/samples/consecutive.yaml'), files.join(', '));
  });

  it('validate against the CRD schema', () => {
    for (const { file, object } of samples) {
      assert.equal(formatIssues(validateCustomResource(schema, object)), '', file);
    }
  });

  it('pass the ring spec validation, cross-field checks included', () => {
    for (const { file, object } of samples) {
      const spec = { ...(object.spec as Record<string, unknown>) };
      delete spec.image;
      delete spec.resources;
      assert.doesNotThrow(() => parseRingSpec(spec, file));
    }
  });

  const invalid: [string, Record<string, unknown>, string][] = [
    ['a ring of one node', { nodes: 1 }, 'spec.nodes: must be at least 2, got 1'],
    [
      'an unknown attack',
      { byzantine: { count: 1, attack: { name: 'shout' } } },
      'spec.byzantine.attack.name: must be one of',
    ],
    ['negative rounds', { rounds: -1 }, 'spec.rounds: must be at least 1, got -1'],
    ['memory as a string', { memory: '3' }, 'spec.memory: must be of type integer, got string'],
    ['an unknown field', { nodez: 8 }, 'spec.nodez: unknown field "nodez"'],
    ['a zero learning rate', { learningRate: 0 }, 'spec.learningRate: must be above 0, got 0'],
    [
      'a malformed quantity',
      { resources: { limits: { cpu: 'lots' } } },
      'spec.resources.limits.cpu: must match',
    ],
  ];

  for (const [name, spec, expected] of invalid) {
    it(`rejects ${name}, naming the field`, () => {
      const message = formatIssues(validateCustomResource(schema, ring(spec)));
      assert.ok(message.startsWith(expected), `got: ${message}`);
    });
  }

  it('rejects a ring without a spec or a name', () => {
    const message = formatIssues(validateCustomResource(schema, { kind: 'BasilRing' }));
    assert.equal(
      message,
      'metadata.name: required field is missing\nspec: required field is missing',
    );
  });
});
