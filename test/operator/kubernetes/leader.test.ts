import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { KubeApi } from '../../../services/operator/src/kubernetes/api.js';
import { LeaderElector } from '../../../services/operator/src/kubernetes/leader.js';
import { FakeApiServer } from './fake-apiserver.js';
import type { StoredObject } from './fake-store.js';
import { kubeConfigFor, ManualTimers, quietLogger, resource } from './helpers.js';

const LEASE = {
  name: 'basil-operator',
  namespace: 'basil-system',
  durationMs: 15_000,
  renewDeadlineMs: 10_000,
  retryPeriodMs: 2_000,
};

interface LeaseSpec {
  holderIdentity?: string;
  leaseTransitions?: number;
  renewTime?: string;
  acquireTime?: string;
  leaseDurationSeconds?: number;
}

describe('leader election', { timeout: 15_000 }, () => {
  let server: FakeApiServer;
  let timers: ManualTimers;

  beforeEach(async () => {
    server = await FakeApiServer.start();
    timers = new ManualTimers();
  });

  afterEach(() => server.close());

  const elector = (identity: string) =>
    new LeaderElector({
      api: new KubeApi(kubeConfigFor(server)),
      lease: { ...LEASE, identity },
      logger: quietLogger,
      timers,
    });

  const lease = (): LeaseSpec =>
    (server.store.get('leases', LEASE.namespace, LEASE.name)?.spec ?? {}) as LeaseSpec;

  it('creates the Lease when there is none, with MicroTime timestamps', async () => {
    const a = elector('operator-a');

    assert.equal(await a.tryAcquireOrRenew(), 'leader');

    assert.equal(lease().holderIdentity, 'operator-a');
    assert.equal(lease().leaseDurationSeconds, 15);
    assert.equal(lease().leaseTransitions, 0);
    assert.equal(lease().renewTime, '2030-01-01T00:00:00.000000Z');
    assert.equal(a.isLeader, true);
  });

  it('leaves a Lease held by another replica alone until it expires, then takes it', async () => {
    const [a, b] = [elector('operator-a'), elector('operator-b')];
    await a.tryAcquireOrRenew();

    const whileFresh = await b.tryAcquireOrRenew();
    const writesWhileFresh = server.writes('leases');
    timers.advance(LEASE.durationMs - 1);
    const justBeforeExpiry = await b.tryAcquireOrRenew();
    timers.advance(1);
    const afterExpiry = await b.tryAcquireOrRenew();

    assert.deepEqual(
      [whileFresh, justBeforeExpiry, afterExpiry],
      ['follower', 'follower', 'leader'],
    );
    assert.equal(writesWhileFresh, 1);
    assert.equal(lease().holderIdentity, 'operator-b');
    assert.equal(lease().leaseTransitions, 1);
    assert.equal(lease().acquireTime, '2030-01-01T00:00:15.000000Z');
  });

  it('keeps the Lease from expiring while its holder renews it', async () => {
    const [a, b] = [elector('operator-a'), elector('operator-b')];
    await a.tryAcquireOrRenew();
    await b.tryAcquireOrRenew();

    const roles: string[] = [];
    for (let i = 0; i < 10; i++) {
      timers.advance(LEASE.retryPeriodMs);
      roles.push(await a.tryAcquireOrRenew(), await b.tryAcquireOrRenew());
    }

    assert.deepEqual(roles, Array.from({ length: 10 }, () => ['leader', 'follower']).flat());
    assert.equal(lease().renewTime, '2030-01-01T00:00:20.000000Z');
    assert.equal(lease().acquireTime, '2030-01-01T00:00:00.000000Z');
  });

  it('learns it lost the Lease once another replica took it over', async () => {
    const [a, b] = [elector('operator-a'), elector('operator-b')];
    await a.tryAcquireOrRenew();
    await b.tryAcquireOrRenew();
    timers.advance(LEASE.durationMs);
    await b.tryAcquireOrRenew();

    assert.equal(await a.tryAcquireOrRenew(), 'follower');
    assert.equal(a.isLeader, false);
    assert.equal(lease().holderIdentity, 'operator-b');
  });

  it('follows when another replica wins the race to the same Lease (409)', async () => {
    const a = elector('operator-a');
    server.beforeNextWrite('leases', () => {
      const racing: StoredObject = {
        metadata: { name: LEASE.name, namespace: LEASE.namespace },
        spec: { holderIdentity: 'operator-b', leaseDurationSeconds: 15 },
      };
      server.store.create(resource('leases'), racing);
    });

    assert.equal(await a.tryAcquireOrRenew(), 'follower');
    assert.equal(lease().holderIdentity, 'operator-b');
  });

  it('hands the Lease over at once when its holder releases it', async () => {
    const [a, b] = [elector('operator-a'), elector('operator-b')];
    await a.tryAcquireOrRenew();
    await b.tryAcquireOrRenew();

    await a.release();
    const role = await b.tryAcquireOrRenew();

    assert.equal(role, 'leader');
    assert.equal(lease().holderIdentity, 'operator-b');
    assert.equal(lease().leaseTransitions, 1);
  });

  it('runs: starts leading, then stops for good when the Lease is taken', async () => {
    const a = elector('operator-a');
    const events: string[] = [];
    let started!: () => void;
    const leading = new Promise<void>((resolve) => (started = resolve));
    const done = a.run(
      {
        onStartedLeading: () => {
          events.push('started');
          started();
        },
        onStoppedLeading: () => events.push('stopped'),
      },
      new AbortController().signal,
    );
    await leading;

    const held = server.store.get('leases', LEASE.namespace, LEASE.name);
    assert.ok(held);
    server.store.replace(resource('leases'), {
      ...held,
      spec: { ...(held.spec as LeaseSpec), holderIdentity: 'operator-b' },
    });
    timers.advance(LEASE.retryPeriodMs);
    await done;

    assert.deepEqual(events, ['started', 'stopped']);
    assert.equal(lease().holderIdentity, 'operator-b');
  });
});
