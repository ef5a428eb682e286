// Every call the operator makes to the Kubernetes API, typed, with failures turned into errors
// in one place: 404 becomes `undefined` where absence is an answer, 409 a ConflictError that the
// caller retries after re-reading, anything else a KubeApiError naming the call.
import {
  ApiException,
  AppsV1Api,
  CoordinationV1Api,
  CoreV1Api,
  CustomObjectsApi,
  type KubeConfig,
  type KubernetesListObject,
  type V1Lease,
  type V1Pod,
  type V1PodList,
  type V1Service,
  type V1StatefulSet,
} from '@kubernetes/client-node';
import { RING_RESOURCE, type BasilRing } from './ring.js';

/** A write was refused because the object changed since it was read (HTTP 409). */
export class ConflictError extends Error {
  override name = 'ConflictError';
}

/** Any other failed API call; `code` is the HTTP status, 0 when none came back. */
export class KubeApiError extends Error {
  override name = 'KubeApiError';

  constructor(
    readonly call: string,
    readonly code: number,
    detail: string,
  ) {
    super(`${call} failed${code === 0 ? '' : ` with HTTP ${code}`}: ${detail}`);
  }
}

function translate(call: string, error: unknown): Error {
  if (!(error instanceof ApiException)) {
    return new KubeApiError(call, 0, error instanceof Error ? error.message : String(error));
  }
  const code = (error as ApiException<unknown>).code;
  const body = (error as ApiException<unknown>).body;
  const parsed = typeof body === 'string' ? safeParse(body) : body;
  const message =
    parsed !== null && typeof parsed === 'object' && 'message' in parsed
      ? String(parsed.message)
      : `HTTP ${code}`;
  return code === 409
    ? new ConflictError(`${call}: ${message}`)
    : new KubeApiError(call, code, message);
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // Not JSON: the raw text is the best description there is.
    return { message: text };
  }
}

async function call<T>(name: string, request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (error) {
    throw translate(name, error);
  }
}

async function readOptional<T>(name: string, request: () => Promise<T>): Promise<T | undefined> {
  try {
    return await request();
  } catch (error) {
    if (error instanceof ApiException && error.code === 404) return undefined;
    throw translate(name, error);
  }
}

type Named = { readonly namespace: string; readonly name: string };

/** The operator's view of the API server. */
export class KubeApi {
  private readonly core: CoreV1Api;
  private readonly apps: AppsV1Api;
  private readonly custom: CustomObjectsApi;
  private readonly coordination: CoordinationV1Api;

  constructor(kubeConfig: KubeConfig) {
    this.core = kubeConfig.makeApiClient(CoreV1Api);
    this.apps = kubeConfig.makeApiClient(AppsV1Api);
    this.custom = kubeConfig.makeApiClient(CustomObjectsApi);
    this.coordination = kubeConfig.makeApiClient(CoordinationV1Api);
  }

  /** One ring, or undefined when it is gone. */
  getRing({ namespace, name }: Named): Promise<BasilRing | undefined> {
    const ref = { ...RING_RESOURCE, namespace, name };
    return readOptional('get BasilRing', () => this.custom.getNamespacedCustomObject(ref));
  }

  /** Every ring of `namespace`, or of the cluster when it is empty. */
  listRings(namespace: string): Promise<KubernetesListObject<BasilRing>> {
    const { group, version, plural } = RING_RESOURCE;
    return call('list BasilRings', () =>
      namespace === ''
        ? this.custom.listClusterCustomObject({ group, version, plural })
        : this.custom.listNamespacedCustomObject({ group, version, plural, namespace }),
    );
  }

  /** Writes `ring.status` through the status subresource, guarded by its resourceVersion. */
  replaceRingStatus(ring: BasilRing): Promise<BasilRing> {
    const ref = {
      ...RING_RESOURCE,
      namespace: ring.metadata?.namespace ?? '',
      name: ring.metadata?.name ?? '',
      body: ring,
    };
    return call('update BasilRing status', () =>
      this.custom.replaceNamespacedCustomObjectStatus(ref),
    );
  }

  /** The ring's Service, or undefined when absent. */
  getService(ref: Named): Promise<V1Service | undefined> {
    return readOptional('get Service', () => this.core.readNamespacedService(ref));
  }

  /** Creates a Service; 409 (ConflictError) when it exists. */
  createService(body: V1Service): Promise<V1Service> {
    const namespace = body.metadata?.namespace ?? '';
    return call('create Service', () => this.core.createNamespacedService({ namespace, body }));
  }

  /** Replaces a Service, guarded by its resourceVersion. */
  replaceService(body: V1Service): Promise<V1Service> {
    const ref = { ...place(body), body };
    return call('update Service', () => this.core.replaceNamespacedService(ref));
  }

  /** The ring's StatefulSet, or undefined when absent. */
  getStatefulSet(ref: Named): Promise<V1StatefulSet | undefined> {
    return readOptional('get StatefulSet', () => this.apps.readNamespacedStatefulSet(ref));
  }

  /** Creates a StatefulSet; 409 (ConflictError) when it exists. */
  createStatefulSet(body: V1StatefulSet): Promise<V1StatefulSet> {
    const namespace = body.metadata?.namespace ?? '';
    return call('create StatefulSet', () =>
      this.apps.createNamespacedStatefulSet({ namespace, body }),
    );
  }

  /** Replaces a StatefulSet, guarded by its resourceVersion. */
  replaceStatefulSet(body: V1StatefulSet): Promise<V1StatefulSet> {
    const ref = { ...place(body), body };
    return call('update StatefulSet', () => this.apps.replaceNamespacedStatefulSet(ref));
  }

  /** StatefulSets matching `labelSelector` in `namespace`, or everywhere when it is empty. */
  listStatefulSets(namespace: string, labelSelector: string) {
    return call('list StatefulSets', () =>
      namespace === ''
        ? this.apps.listStatefulSetForAllNamespaces({ labelSelector })
        : this.apps.listNamespacedStatefulSet({ namespace, labelSelector }),
    );
  }

  /** Pods matching `labelSelector` in `namespace`, or everywhere when it is empty. */
  listPods(namespace: string, labelSelector: string): Promise<V1PodList> {
    return call('list Pods', () =>
      namespace === ''
        ? this.core.listPodForAllNamespaces({ labelSelector })
        : this.core.listNamespacedPod({ namespace, labelSelector }),
    );
  }

  /** A Lease, or undefined when absent. */
  getLease(ref: Named): Promise<V1Lease | undefined> {
    return readOptional('get Lease', () => this.coordination.readNamespacedLease(ref));
  }

  /** Creates a Lease; 409 (ConflictError) when another replica created it first. */
  createLease(body: V1Lease): Promise<V1Lease> {
    const namespace = body.metadata?.namespace ?? '';
    return call('create Lease', () => this.coordination.createNamespacedLease({ namespace, body }));
  }

  /** Replaces a Lease; 409 (ConflictError) when another replica wrote it since it was read. */
  replaceLease(body: V1Lease): Promise<V1Lease> {
    const ref = { ...place(body), body };
    return call('update Lease', () => this.coordination.replaceNamespacedLease(ref));
  }
}

function place(object: { metadata?: { namespace?: string; name?: string } }): Named {
  return { namespace: object.metadata?.namespace ?? '', name: object.metadata?.name ?? '' };
}

/** A pod as the reconciler needs it. */
export type Pod = V1Pod;
