// Leader election on a coordination.k8s.io/v1 Lease, so that of several operator replicas only
// one reconciles. As in client-go, expiry is judged by this process's own clock from the moment
// it last saw the Lease record change, never by comparing clocks across machines.
import type { V1Lease, V1MicroTime } from '@kubernetes/client-node';
import type { Logger } from 'pino';
import { ConflictError, type KubeApi } from './api.js';
import type { LeaseSettings } from './config.js';
import { systemTimers, type Timers } from './timers.js';

/** What this process is after one attempt. */
export type LeaseRole = 'leader' | 'follower';

/** Dependencies and settings of an elector. */
export interface LeaderElectorOptions {
  readonly api: KubeApi;
  readonly lease: Omit<LeaseSettings, 'enabled'>;
  readonly logger: Logger;
  readonly timers?: Timers;
}

/** Called as leadership comes and goes. */
export interface LeadershipHandlers {
  onStartedLeading(): void;
  /** Leadership is lost for good; the process should stop reconciling and exit. */
  onStoppedLeading(): void;
}

// Lease times are MicroTime: RFC 3339 with exactly six fractional digits. The client library
// types them as Date but passes them through untouched, so they are written as strings.
const microTime = (ms: number) =>
  new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z') as unknown as V1MicroTime;

// Any write to the Lease changes at least one of these; expiry counts from the last change seen.
const recordOf = (spec: NonNullable<V1Lease['spec']>): string =>
  `${spec.holderIdentity ?? ''}|${String(spec.renewTime)}|${spec.leaseTransitions ?? 0}`;

/** Acquires, renews and releases one Lease; see the file comment. */
export class LeaderElector {
  private readonly timers: Timers;
  private observed: { record: string; at: number } | undefined;
  private leading = false;

  constructor(private readonly options: LeaderElectorOptions) {
    this.timers = options.timers ?? systemTimers;
  }

  /** Whether the last attempt left this process holding the Lease. */
  get isLeader(): boolean {
    return this.leading;
  }

  /** One attempt to acquire or renew the Lease; API failures other than 409 are thrown. */
  async tryAcquireOrRenew(): Promise<LeaseRole> {
    const { api, lease: settings } = this.options;
    const now = this.timers.now();
    const place = { namespace: settings.namespace, name: settings.name };
    const found = await api.getLease(place);
    if (found === undefined) return this.claim(() => api.createLease(this.record(now)));

    const spec = found.spec ?? {};
    const holder = spec.holderIdentity ?? '';
    const record = recordOf(spec);
    if (this.observed?.record !== record) this.observed = { record, at: now };
    const durationMs = (spec.leaseDurationSeconds ?? settings.durationMs / 1000) * 1000;
    const mine = holder === settings.identity;
    if (!mine && holder !== '' && now < this.observed.at + durationMs) {
      this.leading = false;
      return 'follower';
    }
    const transitions = (spec.leaseTransitions ?? 0) + (mine ? 0 : 1);
    const acquired = mine ? spec.acquireTime : microTime(now);
    const next = this.record(now, { acquireTime: acquired, leaseTransitions: transitions });
    return this.claim(() => api.replaceLease({ ...found, spec: next.spec }));
  }

  /**
   * Keeps trying until `signal` aborts or leadership is lost. The Lease is kept at the end: the
   * caller stops its work first, then calls `release`, so two leaders never overlap.
   */
  async run(handlers: LeadershipHandlers, signal: AbortSignal): Promise<void> {
    const { renewDeadlineMs, retryPeriodMs } = this.options.lease;
    let lastRenewedAt = 0;
    while (!signal.aborted) {
      const wasLeading = this.leading;
      try {
        if ((await this.tryAcquireOrRenew()) === 'leader') lastRenewedAt = this.timers.now();
      } catch (error) {
        // The API server may be briefly unreachable; a leader keeps leading until its deadline.
        this.options.logger.warn({ err: error }, 'lease attempt failed');
        if (wasLeading && this.timers.now() - lastRenewedAt <= renewDeadlineMs) this.leading = true;
        else this.leading = false;
      }
      if (!wasLeading && this.leading) {
        this.options.logger.info({ identity: this.options.lease.identity }, 'leading');
        handlers.onStartedLeading();
      } else if (wasLeading && !this.leading) {
        this.options.logger.warn({ identity: this.options.lease.identity }, 'leadership lost');
        handlers.onStoppedLeading();
        return;
      }
      await this.sleep(retryPeriodMs, signal);
    }
  }

  /** Hands the Lease back so another replica can take over without waiting for it to expire. */
  async release(): Promise<void> {
    const { api, lease } = this.options;
    const found = await api.getLease({ namespace: lease.namespace, name: lease.name });
    this.leading = false;
    if (found?.spec?.holderIdentity !== lease.identity) return;
    const spec = { ...found.spec, holderIdentity: '', leaseDurationSeconds: 1 };
    await api.replaceLease({ ...found, spec });
    this.options.logger.info({ identity: lease.identity }, 'lease released');
  }

  private async claim(write: () => Promise<V1Lease>): Promise<LeaseRole> {
    try {
      const written = await write();
      this.observed = { record: recordOf(written.spec ?? {}), at: this.timers.now() };
      this.leading = true;
      return 'leader';
    } catch (error) {
      // Another replica wrote first (409 on create or on update): it leads.
      if (!(error instanceof ConflictError)) throw error;
      this.leading = false;
      return 'follower';
    }
  }

  private record(now: number, extra: Partial<NonNullable<V1Lease['spec']>> = {}): V1Lease {
    const { name, namespace, identity, durationMs } = this.options.lease;
    return {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name, namespace },
      spec: {
        holderIdentity: identity,
        leaseDurationSeconds: Math.round(durationMs / 1000),
        acquireTime: microTime(now),
        renewTime: microTime(now),
        leaseTransitions: 0,
        ...extra,
      },
    };
  }

  private sleep(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const wake = (): void => {
        timer.cancel();
        signal.removeEventListener('abort', wake);
        resolve();
      };
      const timer = this.timers.schedule(ms, wake);
      signal.addEventListener('abort', wake, { once: true });
    });
  }
}
