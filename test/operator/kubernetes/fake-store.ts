// The storage behind the stand-in API server: objects by resource, one resourceVersion counter
// for everything, an event history that watches replay from, and compaction that makes old
// resourceVersions answer 410 Gone, as etcd does.
import { randomUUID } from 'node:crypto';

/** A stored object; only the fields the server itself manages are typed. */
export interface StoredObject {
  apiVersion?: string;
  kind?: string;
  metadata: {
    name: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    generation?: number;
    creationTimestamp?: string;
    labels?: Record<string, string>;
    [key: string]: unknown;
  };
  spec?: unknown;
  status?: unknown;
  [key: string]: unknown;
}

/** One kind of object the server serves. */
export interface ResourceType {
  readonly group: string;
  readonly version: string;
  readonly plural: string;
  readonly kind: string;
  /** Writes to the object leave `status` alone and `/status` writes touch only `status`. */
  readonly statusSubresource: boolean;
  /** `metadata.generation` counts changes of `spec`. */
  readonly generation: boolean;
}

/** The resources a ring touches. */
export const RESOURCE_TYPES: readonly ResourceType[] = [
  {
    group: '',
    version: 'v1',
    plural: 'pods',
    kind: 'Pod',
    statusSubresource: true,
    generation: false,
  },
  {
    group: '',
    version: 'v1',
    plural: 'services',
    kind: 'Service',
    statusSubresource: false,
    generation: false,
  },
  {
    group: 'apps',
    version: 'v1',
    plural: 'statefulsets',
    kind: 'StatefulSet',
    statusSubresource: true,
    generation: true,
  },
  {
    group: 'coordination.k8s.io',
    version: 'v1',
    plural: 'leases',
    kind: 'Lease',
    statusSubresource: false,
    generation: false,
  },
  {
    group: 'basil.dev',
    version: 'v1alpha1',
    plural: 'basilrings',
    kind: 'BasilRing',
    statusSubresource: true,
    generation: true,
  },
];

/** A change as a watch reports it. */
export interface WatchEvent {
  readonly type: 'ADDED' | 'MODIFIED' | 'DELETED';
  readonly plural: string;
  readonly resourceVersion: number;
  readonly object: StoredObject;
}

/** A request the store refuses; `code` is the HTTP status the server answers with. */
export class StoreError extends Error {
  override name = 'StoreError';

  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
}

const clone = <T>(value: T): T => structuredClone(value);
const keyOf = (namespace: string | undefined, name: string) => `${namespace ?? ''}/${name}`;

/** Objects, resourceVersions and history of every resource. */
export class FakeStore {
  private revision = 0;
  private compactedRevision = 0;
  private readonly objects = new Map<string, Map<string, StoredObject>>();
  private readonly history: WatchEvent[] = [];
  private readonly listeners = new Set<(event: WatchEvent) => void>();

  /** The current resourceVersion of the whole store. */
  get resourceVersion(): number {
    return this.revision;
  }

  /** Calls `listener` with every change from now on; returns the unsubscribe function. */
  subscribe(listener: (event: WatchEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A copy of one object, or undefined. */
  get(plural: string, namespace: string, name: string): StoredObject | undefined {
    const found = this.bucket(plural).get(keyOf(namespace, name));
    return found === undefined ? undefined : clone(found);
  }

  /** Copies of the objects of `plural`, in `namespace` or everywhere. */
  list(plural: string, namespace?: string): StoredObject[] {
    return [...this.bucket(plural).values()]
      .filter((o) => namespace === undefined || o.metadata.namespace === namespace)
      .map(clone);
  }

  /** Stores a new object with server-set uid, resourceVersion and generation; 409 if taken. */
  create(type: ResourceType, input: StoredObject): StoredObject {
    const key = keyOf(input.metadata.namespace, input.metadata.name);
    if (this.bucket(type.plural).has(key)) {
      throw new StoreError(409, 'AlreadyExists', `${type.plural} "${input.metadata.name}" exists`);
    }
    const object = clone(input);
    object.apiVersion = type.group === '' ? type.version : `${type.group}/${type.version}`;
    object.kind = type.kind;
    object.metadata.uid = randomUUID();
    object.metadata.creationTimestamp = new Date().toISOString();
    if (type.generation) object.metadata.generation = 1;
    return this.commit(type.plural, key, object, 'ADDED');
  }

  /** Replaces an object, or only its status; 409 when `resourceVersion` is set and stale. */
  replace(type: ResourceType, input: StoredObject, status = false): StoredObject {
    const key = keyOf(input.metadata.namespace, input.metadata.name);
    const current = this.bucket(type.plural).get(key);
    if (current === undefined) {
      throw new StoreError(404, 'NotFound', `${type.plural} "${input.metadata.name}" not found`);
    }
    const expected = input.metadata.resourceVersion;
    if (
      expected !== undefined &&
      expected !== '' &&
      expected !== current.metadata.resourceVersion
    ) {
      throw new StoreError(
        409,
        'Conflict',
        `Operation cannot be fulfilled on ${type.plural} "${input.metadata.name}": the object ` +
          'has been modified; please apply your changes to the latest version and try again',
      );
    }
    const next = status ? { ...clone(current), status: clone(input.status) } : clone(input);
    next.apiVersion = current.apiVersion;
    next.kind = current.kind;
    next.metadata = status ? next.metadata : { ...next.metadata, ...serverFields(current) };
    if (type.statusSubresource && !status) next.status = clone(current.status);
    if (type.generation && !status) {
      const changed = JSON.stringify(next.spec) !== JSON.stringify(current.spec);
      next.metadata.generation = (current.metadata.generation ?? 1) + (changed ? 1 : 0);
    }
    return this.commit(type.plural, key, next, 'MODIFIED');
  }

  /** Removes an object; 404 when absent. */
  delete(plural: string, namespace: string, name: string): StoredObject {
    const key = keyOf(namespace, name);
    const current = this.bucket(plural).get(key);
    if (current === undefined)
      throw new StoreError(404, 'NotFound', `${plural} "${name}" not found`);
    this.bucket(plural).delete(key);
    return this.record(plural, 'DELETED', current);
  }

  /** Events of `plural` after `resourceVersion`, or `'gone'` when they were compacted away. */
  eventsSince(plural: string, resourceVersion: number): WatchEvent[] | 'gone' {
    if (resourceVersion < this.compactedRevision) return 'gone';
    return this.history.filter((e) => e.plural === plural && e.resourceVersion > resourceVersion);
  }

  /** Forgets the history: a watch from any earlier resourceVersion answers 410 Gone. */
  compact(): void {
    this.compactedRevision = this.revision;
    this.history.length = 0;
  }

  private commit(plural: string, key: string, object: StoredObject, type: WatchEvent['type']) {
    this.bucket(plural).set(key, object);
    return this.record(plural, type, object);
  }

  private record(plural: string, type: WatchEvent['type'], object: StoredObject): StoredObject {
    this.revision += 1;
    object.metadata.resourceVersion = String(this.revision);
    const event = { type, plural, resourceVersion: this.revision, object: clone(object) };
    this.history.push(event);
    this.listeners.forEach((listener) => listener(event));
    return clone(object);
  }

  private bucket(plural: string): Map<string, StoredObject> {
    let bucket = this.objects.get(plural);
    if (bucket === undefined) this.objects.set(plural, (bucket = new Map()));
    return bucket;
  }
}

function serverFields(current: StoredObject): Partial<StoredObject['metadata']> {
  const { uid, creationTimestamp, generation } = current.metadata;
  return { uid, creationTimestamp, ...(generation === undefined ? {} : { generation }) };
}

/** Whether `labels` match a selector such as `a=b,c!=d,e`. */
export function matchesSelector(labels: Record<string, string> = {}, selector = ''): boolean {
  return selector
    .split(',')
    .map((term) => term.trim())
    .filter((term) => term !== '')
    .every((term) => {
      const unequal = /^([^!=]+)!=(.*)$/.exec(term);
      if (unequal) return labels[unequal[1] as string] !== unequal[2];
      const equal = /^([^!=]+)==?(.*)$/.exec(term);
      if (equal) return labels[equal[1] as string] === equal[2];
      if (term.startsWith('!')) return !(term.slice(1) in labels);
      return term in labels;
    });
}
