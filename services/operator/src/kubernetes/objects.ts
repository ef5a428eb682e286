// The Kubernetes objects a ring owns, built from the ring alone: a headless Service that gives
// every pod a stable DNS name, and a StatefulSet of node pods. Pure, so reconcile can compare
// what it wants with what the cluster holds.
import type {
  V1Container,
  V1LocalObjectReference,
  V1OwnerReference,
  V1PodSecurityContext,
  V1ResourceRequirements,
  V1SecurityContext,
  V1Service,
  V1StatefulSet,
} from '@kubernetes/client-node';
import {
  LABELS,
  NODE_APP_NAME,
  NODE_PORTS,
  RING_API_VERSION,
  RING_RESOURCE,
  type BasilRing,
  type PodSettings,
} from './ring.js';

/** Settings of ring pods that a BasilRing does not set itself. */
export interface NodeDefaults {
  readonly image: string;
  readonly imagePullPolicy: 'Always' | 'IfNotPresent' | 'Never';
  readonly resources: V1ResourceRequirements;
  readonly logLevel: string;
  readonly imagePullSecrets: readonly V1LocalObjectReference[];
}

/** Requests and limits of a ring pod unless the ring or the operator's settings say otherwise. */
export const DEFAULT_NODE_RESOURCES: V1ResourceRequirements = Object.freeze({
  requests: { cpu: '500m', memory: '512Mi' },
  limits: { cpu: '1', memory: '1Gi' },
});

const USER_ID = 10001;

// The "restricted" Pod Security Standard, which every ring pod meets.
const POD_SECURITY: V1PodSecurityContext = {
  runAsNonRoot: true,
  runAsUser: USER_ID,
  runAsGroup: USER_ID,
  fsGroup: USER_ID,
  seccompProfile: { type: 'RuntimeDefault' },
};

const CONTAINER_SECURITY: V1SecurityContext = {
  runAsNonRoot: true,
  runAsUser: USER_ID,
  runAsGroup: USER_ID,
  readOnlyRootFilesystem: true,
  allowPrivilegeEscalation: false,
  capabilities: { drop: ['ALL'] },
  seccompProfile: { type: 'RuntimeDefault' },
};

/** Labels of every object of a ring. */
export function ringLabels(ring: string): Record<string, string> {
  return {
    [LABELS.name]: NODE_APP_NAME,
    [LABELS.instance]: ring,
    [LABELS.managedBy]: 'basil-operator',
    [LABELS.ring]: ring,
  };
}

// Selectors use name and instance only, so labels can be added later without orphaning pods.
function selectorLabels(ring: string): Record<string, string> {
  return { [LABELS.name]: NODE_APP_NAME, [LABELS.instance]: ring };
}

function ownerReference(ring: BasilRing): V1OwnerReference {
  return {
    apiVersion: RING_API_VERSION,
    kind: RING_RESOURCE.kind,
    name: ring.metadata?.name ?? '',
    uid: ring.metadata?.uid ?? '',
    controller: true,
    blockOwnerDeletion: true,
  };
}

function metadataOf(ring: BasilRing) {
  const name = ring.metadata?.name ?? '';
  return {
    name,
    namespace: ring.metadata?.namespace ?? '',
    labels: ringLabels(name),
    ownerReferences: [ownerReference(ring)],
  };
}

/** The headless Service that publishes each pod as `<ring>-<i>.<ring>.<ns>.svc`. */
export function buildService(ring: BasilRing): V1Service {
  const metadata = metadataOf(ring);
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata,
    spec: {
      clusterIP: 'None',
      // Nodes must reach a successor that is up but not yet configured, hence not yet Ready.
      publishNotReadyAddresses: true,
      selector: selectorLabels(metadata.name),
      ports: [
        { name: 'grpc', port: NODE_PORTS.grpc, targetPort: 'grpc', protocol: 'TCP' },
        { name: 'metrics', port: NODE_PORTS.metrics, targetPort: 'metrics', protocol: 'TCP' },
      ],
    },
  };
}

function nodeContainer(pod: PodSettings, defaults: NodeDefaults): V1Container {
  const probe = { grpc: { port: NODE_PORTS.grpc } };
  return {
    name: 'node',
    image: pod.image ?? defaults.image,
    imagePullPolicy: defaults.imagePullPolicy,
    args: ['node'],
    ports: [
      { name: 'grpc', containerPort: NODE_PORTS.grpc, protocol: 'TCP' },
      { name: 'metrics', containerPort: NODE_PORTS.metrics, protocol: 'TCP' },
    ],
    env: [
      { name: 'BASIL_NODE_ID', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
      { name: 'BASIL_GRPC_PORT', value: String(NODE_PORTS.grpc) },
      { name: 'BASIL_METRICS_PORT', value: String(NODE_PORTS.metrics) },
      { name: 'BASIL_LOG_LEVEL', value: defaults.logLevel },
    ],
    readinessProbe: { ...probe, periodSeconds: 5, failureThreshold: 3 },
    // Loading the data set happens after Configure, not at start, so liveness can start early.
    livenessProbe: { ...probe, initialDelaySeconds: 10, periodSeconds: 10, failureThreshold: 3 },
    resources: pod.resources ?? defaults.resources,
    securityContext: CONTAINER_SECURITY,
    // The root filesystem is read-only; the TypeScript loader and tfjs write to /tmp.
    volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
  };
}

/** The StatefulSet of `nodes` ring pods, created in parallel and named `<ring>-<i>`. */
export function buildStatefulSet(
  ring: BasilRing,
  nodes: number,
  pod: PodSettings,
  defaults: NodeDefaults,
): V1StatefulSet {
  const metadata = metadataOf(ring);
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata,
    spec: {
      replicas: nodes,
      serviceName: metadata.name,
      // Every position is needed before the ring can start, so pods need not wait for each other.
      podManagementPolicy: 'Parallel',
      selector: { matchLabels: selectorLabels(metadata.name) },
      template: {
        metadata: { labels: ringLabels(metadata.name) },
        spec: {
          automountServiceAccountToken: false,
          enableServiceLinks: false,
          securityContext: POD_SECURITY,
          ...(defaults.imagePullSecrets.length > 0
            ? { imagePullSecrets: [...defaults.imagePullSecrets] }
            : {}),
          containers: [nodeContainer(pod, defaults)],
          volumes: [{ name: 'tmp', emptyDir: {} }],
        },
      },
    },
  };
}
