import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  buildService,
  buildStatefulSet,
  ringLabels,
} from '../../../services/operator/src/kubernetes/objects.js';
import {
  nodeAddress,
  splitSpec,
  type BasilRing,
} from '../../../services/operator/src/kubernetes/ring.js';
import { NODE_DEFAULTS } from './helpers.js';

const RING: BasilRing = {
  apiVersion: 'basil.dev/v1alpha1',
  kind: 'BasilRing',
  metadata: { name: 'alpha', namespace: 'rings', uid: 'ring-uid-1' },
  spec: { nodes: 4 },
};

const OWNER = {
  apiVersion: 'basil.dev/v1alpha1',
  kind: 'BasilRing',
  name: 'alpha',
  uid: 'ring-uid-1',
  controller: true,
  blockOwnerDeletion: true,
};

const LABELS = {
  'app.kubernetes.io/name': 'basil-node',
  'app.kubernetes.io/instance': 'alpha',
  'app.kubernetes.io/managed-by': 'basil-operator',
  'basil.dev/ring': 'alpha',
};

const statefulSet = (ring: BasilRing = RING) =>
  buildStatefulSet(ring, 4, splitSpec(ring.spec).pod, NODE_DEFAULTS);

const container = (ring: BasilRing = RING) => {
  const found = statefulSet(ring).spec?.template.spec?.containers[0];
  assert.ok(found);
  return found;
};

describe('ring objects', () => {
  it('publishes every pod, ready or not, through a headless Service', () => {
    const service = buildService(RING);

    assert.deepEqual(service.metadata, {
      name: 'alpha',
      namespace: 'rings',
      labels: LABELS,
      ownerReferences: [OWNER],
    });
    assert.deepEqual(service.spec, {
      clusterIP: 'None',
      publishNotReadyAddresses: true,
      selector: { 'app.kubernetes.io/name': 'basil-node', 'app.kubernetes.io/instance': 'alpha' },
      ports: [
        { name: 'grpc', port: 50051, targetPort: 'grpc', protocol: 'TCP' },
        { name: 'metrics', port: 9464, targetPort: 'metrics', protocol: 'TCP' },
      ],
    });
  });

  it('creates all pods in parallel, one per node, behind the Service', () => {
    const set = statefulSet();

    assert.equal(set.spec?.podManagementPolicy, 'Parallel');
    assert.equal(set.spec?.replicas, 4);
    assert.equal(set.spec?.serviceName, 'alpha');
    assert.deepEqual(set.metadata?.ownerReferences, [OWNER]);
    assert.deepEqual(set.spec?.selector.matchLabels, {
      'app.kubernetes.io/name': 'basil-node',
      'app.kubernetes.io/instance': 'alpha',
    });
    assert.deepEqual(set.spec?.template.metadata?.labels, LABELS);
    assert.deepEqual(ringLabels('alpha'), LABELS);
  });

  it('runs pods under the restricted security standard', () => {
    const pod = statefulSet().spec?.template.spec;

    assert.deepEqual(pod?.securityContext, {
      runAsNonRoot: true,
      runAsUser: 10001,
      runAsGroup: 10001,
      fsGroup: 10001,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    assert.deepEqual(container().securityContext, {
      runAsNonRoot: true,
      runAsUser: 10001,
      runAsGroup: 10001,
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    });
    assert.equal(pod?.automountServiceAccountToken, false);
    assert.deepEqual(pod?.volumes, [{ name: 'tmp', emptyDir: {} }]);
    assert.deepEqual(container().volumeMounts, [{ name: 'tmp', mountPath: '/tmp' }]);
  });

  it('names its ports and probes the gRPC health service natively', () => {
    const node = container();

    assert.deepEqual(node.ports, [
      { name: 'grpc', containerPort: 50051, protocol: 'TCP' },
      { name: 'metrics', containerPort: 9464, protocol: 'TCP' },
    ]);
    assert.deepEqual(node.readinessProbe, {
      grpc: { port: 50051 },
      periodSeconds: 5,
      failureThreshold: 3,
    });
    assert.deepEqual(node.livenessProbe, {
      grpc: { port: 50051 },
      initialDelaySeconds: 10,
      periodSeconds: 10,
      failureThreshold: 3,
    });
  });

  it('names each node after its pod and runs the node command', () => {
    const node = container();

    assert.deepEqual(node.args, ['node']);
    assert.deepEqual(node.env?.[0], {
      name: 'BASIL_NODE_ID',
      valueFrom: { fieldRef: { fieldPath: 'metadata.name' } },
    });
    assert.deepEqual(
      node.env?.slice(1).map((v) => `${v.name}=${v.value}`),
      ['BASIL_GRPC_PORT=50051', 'BASIL_METRICS_PORT=9464', 'BASIL_LOG_LEVEL=info'],
    );
  });

  const settings: {
    name: string;
    spec: Record<string, unknown>;
    image: string;
    resources: unknown;
  }[] = [
    {
      name: 'the operator defaults',
      spec: { nodes: 4 },
      image: NODE_DEFAULTS.image,
      resources: NODE_DEFAULTS.resources,
    },
    {
      name: "the ring's own image and resources",
      spec: { nodes: 4, image: 'mirror.example/basil:1', resources: { limits: { cpu: 2 } } },
      image: 'mirror.example/basil:1',
      resources: { limits: { cpu: 2 } },
    },
  ];

  for (const { name, spec, image, resources } of settings) {
    it(`takes image and resources from ${name}`, () => {
      const node = container({ ...RING, spec });

      assert.equal(node.image, image);
      assert.deepEqual(node.resources, resources);
    });
  }

  it('keeps image and resources out of the ring spec proper', () => {
    const split = splitSpec({ nodes: 4, image: 'x:1', resources: { limits: { cpu: 1 } } });

    assert.deepEqual(split, {
      ringSpec: { nodes: 4 },
      pod: { image: 'x:1', resources: { limits: { cpu: 1 } } },
    });
  });

  it('gives each position a stable DNS name through the Service', () => {
    assert.deepEqual(
      [0, 3].map((position) => nodeAddress('alpha', 'rings', position)),
      ['alpha-0.alpha.rings.svc:50051', 'alpha-3.alpha.rings.svc:50051'],
    );
  });
});
