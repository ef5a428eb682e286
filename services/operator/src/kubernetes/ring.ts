// The BasilRing resource as the operator reads and writes it, and the names every ring object
// shares: labels, ports and the stable address of each ring position.
import type { KubernetesObject, V1ResourceRequirements } from '@kubernetes/client-node';

/** Group, version and names of the BasilRing custom resource. */
export const RING_RESOURCE = Object.freeze({
  group: 'basil.dev',
  version: 'v1alpha1',
  kind: 'BasilRing',
  plural: 'basilrings',
});

/** `apiVersion` of a BasilRing. */
export const RING_API_VERSION = `${RING_RESOURCE.group}/${RING_RESOURCE.version}`;

/** Label keys put on every object of a ring. */
export const LABELS = Object.freeze({
  name: 'app.kubernetes.io/name',
  instance: 'app.kubernetes.io/instance',
  managedBy: 'app.kubernetes.io/managed-by',
  ring: 'basil.dev/ring',
});

/** Value of the `app.kubernetes.io/name` label of ring pods. */
export const NODE_APP_NAME = 'basil-node';

/** Label selector matching the pods and StatefulSets of every ring. */
export const NODE_SELECTOR = `${LABELS.name}=${NODE_APP_NAME}`;

/** Ports every ring pod listens on. */
export const NODE_PORTS = Object.freeze({ grpc: 50051, metrics: 9464 });

/** Phases of a ring, in the order a healthy run moves through them. */
export type RingPhase = 'Pending' | 'Configuring' | 'Running' | 'Succeeded' | 'Failed';

/** Condition types the operator writes. */
export type ConditionType = 'Available' | 'Progressing' | 'Degraded';

/** A metav1.Condition as stored in the ring's status. */
export interface RingCondition {
  readonly type: ConditionType;
  readonly status: 'True' | 'False' | 'Unknown';
  readonly reason: string;
  readonly message: string;
  readonly lastTransitionTime: string;
  readonly observedGeneration?: number;
}

/** Position and role given to one pod. */
export interface PodAssignment {
  readonly position: number;
  readonly pod: string;
  readonly role: 'honest' | 'byzantine';
}

/** What the operator reports in `status`. */
export interface RingStatus {
  readonly phase?: RingPhase;
  readonly round?: number;
  readonly honestAccuracyMean?: number;
  readonly honestAccuracyMin?: number;
  readonly observedGeneration?: number;
  readonly epoch?: number;
  readonly assignments?: readonly PodAssignment[];
  readonly conditions?: readonly RingCondition[];
}

/** A BasilRing as the API server returns it; `spec` is checked by `parseRingSpec`. */
export interface BasilRing extends KubernetesObject {
  spec?: Record<string, unknown>;
  status?: RingStatus;
}

/** The spec fields that shape pods rather than training. */
export interface PodSettings {
  readonly image?: string;
  readonly resources?: V1ResourceRequirements;
}

/** Splits a ring's spec into the ring spec proper and the settings of its pods. */
export function splitSpec(spec: Record<string, unknown> | undefined): {
  ringSpec: Record<string, unknown>;
  pod: PodSettings;
} {
  const { image, resources, ...ringSpec } = spec ?? {};
  const pod: PodSettings = {
    ...(typeof image === 'string' && image !== '' ? { image } : {}),
    ...(resources !== null && typeof resources === 'object'
      ? { resources: resources as V1ResourceRequirements }
      : {}),
  };
  return { ringSpec, pod };
}

/** Queue key of a ring: `namespace/name`. */
export const ringKey = (namespace: string, name: string): string => `${namespace}/${name}`;

/** Splits a queue key back into namespace and name. */
export function parseRingKey(key: string): { namespace: string; name: string } {
  const slash = key.indexOf('/');
  return { namespace: key.slice(0, slash), name: key.slice(slash + 1) };
}

/** Name of the pod at `position`, as the StatefulSet controller names it. */
export const podName = (ring: string, position: number): string => `${ring}-${position}`;

/** Stable DNS address of a position's gRPC port through the ring's headless Service. */
export const nodeAddress = (ring: string, namespace: string, position: number): string =>
  `${podName(ring, position)}.${ring}.${namespace}.svc:${NODE_PORTS.grpc}`;

// The StatefulSet controller adds a `controller-revision-hash` label of the set's name plus 11
// characters, and label values stop at 63; the name also becomes a DNS label of the Service.
const RING_NAME = /^[a-z]([-a-z0-9]{0,50}[a-z0-9])?$/;

/** Why a ring's name cannot name its Service and pods, or undefined when it can. */
export function ringNameProblem(name: string): string | undefined {
  if (RING_NAME.test(name)) return undefined;
  return (
    `metadata.name: "${name}" must start with a letter, hold only lower-case letters, digits ` +
    'and "-", end with a letter or digit, and be at most 52 characters'
  );
}
