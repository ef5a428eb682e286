import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  holdsFields,
  overlay,
  quantityValue,
} from '../../../services/operator/src/kubernetes/diff.js';

const WANTED = {
  metadata: { labels: { app: 'basil-node' } },
  spec: {
    replicas: 3,
    containers: [
      {
        name: 'node',
        image: 'basil:1',
        ports: [{ name: 'grpc', containerPort: 50051 }],
        resources: { requests: { cpu: '500m', memory: '512Mi' }, limits: { cpu: '1' } },
      },
    ],
  },
};

// The same object as an API server returns it: defaults filled in, quantities rewritten.
const SERVED = {
  metadata: { labels: { app: 'basil-node', extra: 'kept' }, resourceVersion: '7', uid: 'u' },
  spec: {
    replicas: 3,
    revisionHistoryLimit: 10,
    containers: [
      {
        name: 'node',
        image: 'basil:1',
        imagePullPolicy: 'IfNotPresent',
        terminationMessagePath: '/dev/termination-log',
        ports: [{ name: 'grpc', containerPort: 50051, protocol: 'TCP' }],
        resources: { requests: { cpu: '0.5', memory: '536870912' }, limits: { cpu: '1000m' } },
      },
    ],
  },
};

describe('holdsFields', () => {
  it('ignores fields the API server added and quantities it rewrote', () => {
    assert.equal(holdsFields(SERVED, WANTED), true);
  });

  const changes: { name: string; change: (served: typeof SERVED) => void }[] = [
    { name: 'a changed image', change: (s) => (s.spec.containers[0]!.image = 'basil:2') },
    { name: 'a changed replica count', change: (s) => (s.spec.replicas = 4) },
    { name: 'a missing label', change: (s) => delete (s.metadata.labels as { app?: string }).app },
    { name: 'a changed limit', change: (s) => (s.spec.containers[0]!.resources.limits.cpu = '2') },
    {
      name: 'an extra port',
      change: (s) => s.spec.containers[0]!.ports.push({ ...s.spec.containers[0]!.ports[0]! }),
    },
  ];

  for (const { name, change } of changes) {
    it(`notices ${name}`, () => {
      const served = structuredClone(SERVED);
      change(served);

      assert.equal(holdsFields(served, WANTED), false);
    });
  }
});

describe('overlay', () => {
  it('lays wanted fields over served ones, keeping what the server owns', () => {
    const served = structuredClone(SERVED);
    served.spec.containers[0]!.image = 'basil:0';

    const merged = overlay(served, WANTED);

    assert.equal(merged.spec.containers[0]?.image, 'basil:1');
    assert.deepEqual(merged.metadata, {
      labels: { app: 'basil-node', extra: 'kept' },
      resourceVersion: '7',
      uid: 'u',
    });
    assert.equal((merged.spec as typeof SERVED.spec).revisionHistoryLimit, 10);
    assert.equal(holdsFields(merged, WANTED), true);
  });
});

describe('quantityValue', () => {
  const cases: [string | number, number][] = [
    ['500m', 0.5],
    ['1', 1],
    [2, 2],
    ['1Ki', 1024],
    ['512Mi', 536_870_912],
    ['1G', 1e9],
    ['1e3', 1000],
    ['.5', 0.5],
  ];

  for (const [quantity, value] of cases) {
    it(`reads ${JSON.stringify(quantity)} as ${value}`, () => {
      assert.equal(quantityValue(quantity), value);
    });
  }

  it('reads a malformed quantity as NaN', () => {
    assert.deepEqual(['1Xi', 'abc', '', null].map(quantityValue), [NaN, NaN, NaN, NaN]);
  });
});
