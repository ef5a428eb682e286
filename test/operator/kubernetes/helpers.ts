// Shared pieces of the Kubernetes driver tests: a KubeConfig aimed at the stand-in API server,
// timers the test moves by hand, a recorder that awaits events instead of sleeping, and the
// objects a StatefulSet controller and kubelet would write.
import { KubeConfig } from '@kubernetes/client-node';
import { pino } from 'pino';
import type { NodeDefaults } from '../../../services/operator/src/kubernetes/objects.js';
import type { TimerHandle, Timers } from '../../../services/operator/src/kubernetes/timers.js';
import { RESOURCE_TYPES, type ResourceType, type StoredObject } from './fake-store.js';
import type { FakeApiServer } from './fake-apiserver.js';

/** A logger that writes nothing. */
export const quietLogger = pino({ level: 'silent' });

/** Pod defaults used by every test. */
export const NODE_DEFAULTS: NodeDefaults = {
  image: 'registry.example/basil:test',
  imagePullPolicy: 'IfNotPresent',
  resources: { requests: { cpu: '500m', memory: '512Mi' }, limits: { cpu: '1', memory: '1Gi' } },
  logLevel: 'info',
  imagePullSecrets: [],
};

/** A KubeConfig whose only cluster is the stand-in server, without credentials. */
export function kubeConfigFor(server: FakeApiServer): KubeConfig {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromOptions({
    clusters: [{ name: 'fake', server: server.url, skipTLSVerify: true }],
    users: [{ name: 'tester' }],
    contexts: [{ name: 'fake', cluster: 'fake', user: 'tester' }],
    currentContext: 'fake',
  });
  return kubeConfig;
}

/** The stand-in server's description of `plural`. */
export function resource(plural: string): ResourceType {
  const found = RESOURCE_TYPES.find((type) => type.plural === plural);
  if (found === undefined) throw new Error(`unknown resource ${plural}`);
  return found;
}

interface Pending {
  readonly due: number;
  readonly seq: number;
  readonly callback: () => void;
  cancelled: boolean;
}

/** Timers that only move when the test calls `advance`. */
export class ManualTimers implements Timers {
  private time = Date.parse('2030-01-01T00:00:00Z');
  private seq = 0;
  private readonly queue: Pending[] = [];

  now(): number {
    return this.time;
  }

  schedule(delayMs: number, callback: () => void): TimerHandle {
    const pending = { due: this.time + delayMs, seq: this.seq++, callback, cancelled: false };
    this.queue.push(pending);
    return { cancel: () => (pending.cancelled = true) };
  }

  /** Moves time forward by `ms`, firing every timer that falls due, in order. */
  advance(ms: number): void {
    const target = this.time + ms;
    for (;;) {
      const live = this.queue.filter((p) => !p.cancelled && p.due <= target);
      live.sort((a, b) => a.due - b.due || a.seq - b.seq);
      const next = live[0];
      if (next === undefined) break;
      this.queue.splice(this.queue.indexOf(next), 1);
      this.time = next.due;
      next.callback();
    }
    this.time = target;
  }

  /** Timers scheduled and neither fired nor cancelled. */
  get pending(): number {
    return this.queue.filter((p) => !p.cancelled).length;
  }
}

/** Records values and lets a test await the first one that matches. */
export class Recorder<T> {
  readonly seen: T[] = [];
  private readonly waiters: { match: (value: T) => boolean; resolve: (value: T) => void }[] = [];

  readonly push = (value: T): void => {
    this.seen.push(value);
    for (const waiter of [...this.waiters]) {
      if (!waiter.match(value)) continue;
      this.waiters.splice(this.waiters.indexOf(waiter), 1);
      waiter.resolve(value);
    }
  };

  /** The first value at index `from` or later that matches, waiting for it if need be. */
  next(match: (value: T) => boolean, from = 0): Promise<T> {
    const earlier = this.seen.slice(from).find(match);
    if (earlier !== undefined) return Promise.resolve(earlier);
    return new Promise((resolve) => this.waiters.push({ match, resolve }));
  }
}

/** A BasilRing as a user would create it. */
export function ringObject(name: string, spec: Record<string, unknown>, namespace = 'rings') {
  return { metadata: { name, namespace }, spec } as StoredObject;
}

/** What the StatefulSet controller and the kubelet would do: one Running pod per replica. */
export function runPods(server: FakeApiServer, statefulSet: StoredObject, ready = true): void {
  const { name, namespace = '' } = statefulSet.metadata;
  const spec = statefulSet.spec as {
    replicas: number;
    template: { metadata: StoredObject['metadata'] };
  };
  for (let position = 0; position < spec.replicas; position++) {
    const pod = podObject(`${name}-${position}`, namespace, spec.template.metadata.labels, ready);
    const existing = server.store.get('pods', namespace, pod.metadata.name);
    if (existing === undefined) server.store.create(resource('pods'), pod);
    else server.store.replace(resource('pods'), { ...pod, metadata: existing.metadata }, true);
  }
}

/** A pod of the ring, Running and Ready when `ready`. */
export function podObject(
  name: string,
  namespace: string,
  labels: Record<string, string> | undefined,
  ready = true,
): StoredObject {
  return {
    metadata: { name, namespace, labels: { ...labels } },
    spec: { containers: [{ name: 'node', image: NODE_DEFAULTS.image }] },
    status: {
      phase: 'Running',
      conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }],
    },
  };
}
