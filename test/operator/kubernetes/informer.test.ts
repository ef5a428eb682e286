import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { KubeApi } from '../../../services/operator/src/kubernetes/api.js';
import {
  SupervisedInformer,
  type InformerEventType,
  type RestartReason,
} from '../../../services/operator/src/kubernetes/informer.js';
import type { BasilRing } from '../../../services/operator/src/kubernetes/ring.js';
import { FakeApiServer } from './fake-apiserver.js';
import {
  kubeConfigFor,
  ManualTimers,
  quietLogger,
  Recorder,
  resource,
  ringObject,
} from './helpers.js';

const PLURAL = 'basilrings';
const PATH = '/apis/basil.dev/v1alpha1/namespaces/rings/basilrings';
const SILENCE_MS = 60_000;
const BACKOFF = { initialMs: 1_000, maxMs: 8_000 };

interface Seen {
  readonly type: InformerEventType;
  readonly name: string;
  readonly nodes: unknown;
}

describe('supervised informer', { timeout: 15_000 }, () => {
  let server: FakeApiServer;
  let timers: ManualTimers;
  let informer: SupervisedInformer<BasilRing>;
  let events: Recorder<Seen>;
  let restarts: Recorder<{ reason: RestartReason; delayMs: number }>;

  before(async () => {
    server = await FakeApiServer.start();
  });

  after(async () => {
    await informer.stop();
    await server.close();
  });

  beforeEach(async () => {
    for (const ring of server.store.list(PLURAL)) {
      server.store.delete(PLURAL, 'rings', ring.metadata.name);
    }
    await informer?.stop();
    timers = new ManualTimers();
    events = new Recorder();
    restarts = new Recorder();
    const api = new KubeApi(kubeConfigFor(server));
    informer = new SupervisedInformer<BasilRing>({
      name: 'rings',
      kubeConfig: kubeConfigFor(server),
      path: PATH,
      list: () => api.listRings('rings'),
      logger: quietLogger,
      backoff: BACKOFF,
      silenceMs: SILENCE_MS,
      timers,
      onRestart: (reason, delayMs) => restarts.push({ reason, delayMs }),
    });
    informer.onEvent((type, ring) =>
      events.push({ type, name: ring.metadata?.name ?? '', nodes: ring.spec?.nodes }),
    );
  });

  const create = (name: string, nodes: number) =>
    server.store.create(resource(PLURAL), ringObject(name, { nodes }));

  const update = (name: string, nodes: number) => {
    const ring = server.store.get(PLURAL, 'rings', name);
    assert.ok(ring);
    server.store.replace(resource(PLURAL), { ...ring, spec: { nodes } });
  };

  /** Starts the informer and waits until its first watch is open. */
  async function started(): Promise<number> {
    const watches = server.watchesOpenedSoFar(PLURAL);
    informer.start();
    await server.watchesOpened(PLURAL, watches + 1);
    return watches + 1;
  }

  it('lists what exists, then reports changes from its watch', async () => {
    create('alpha', 3);
    await started();
    create('beta', 4);
    update('alpha', 5);

    await events.next((e) => e.name === 'alpha' && e.nodes === 5);

    assert.deepEqual(events.seen, [
      { type: 'added', name: 'alpha', nodes: 3 },
      { type: 'added', name: 'beta', nodes: 4 },
      { type: 'modified', name: 'alpha', nodes: 5 },
    ]);
    assert.equal(informer.hasSynced, true);
  });

  const breaks: { name: string; reasons: RestartReason[]; cut: () => void }[] = [
    { name: 'a stream the server ends', reasons: ['ended'], cut: () => server.endWatches(PLURAL) },
    {
      name: 'an ERROR event with 410 Gone',
      reasons: ['gone'],
      cut: () => server.expireWatches(PLURAL),
    },
    {
      name: 'an HTTP 410 Gone on the next watch',
      reasons: ['ended', 'gone'],
      cut: () => {
        server.inject('WATCH', PLURAL, 410);
        server.endWatches(PLURAL);
      },
    },
    {
      name: 'an HTTP 500 on the next watch',
      reasons: ['ended', 'error'],
      cut: () => {
        server.inject('WATCH', PLURAL, 500);
        server.endWatches(PLURAL);
      },
    },
  ];

  for (const { name, reasons, cut } of breaks) {
    it(`relists and resumes after ${name}`, async () => {
      create('alpha', 3);
      const opened = await started();

      cut();
      for (let i = 0; i < reasons.length; i++) {
        const restart = await restarts.next(() => true, i);
        if (i === 0) update('alpha', 7);
        timers.advance(restart.delayMs);
      }
      await server.watchesOpened(PLURAL, opened + 1);
      await events.next((e) => e.nodes === 7);

      assert.deepEqual(
        restarts.seen.map((r) => r.reason),
        reasons,
      );
      assert.deepEqual(events.seen, [
        { type: 'added', name: 'alpha', nodes: 3 },
        { type: 'modified', name: 'alpha', nodes: 7 },
      ]);
    });
  }

  it('restarts a watch that goes silent and sees what it missed', async () => {
    create('alpha', 3);
    const opened = await started();

    server.muteWatches(PLURAL);
    update('alpha', 9);
    timers.advance(SILENCE_MS);
    const restart = await restarts.next(() => true);
    timers.advance(restart.delayMs);
    await server.watchesOpened(PLURAL, opened + 1);
    await events.next((e) => e.nodes === 9);

    assert.deepEqual(restart, { reason: 'silent', delayMs: BACKOFF.initialMs });
    assert.deepEqual(
      events.seen.map((e) => e.type),
      ['added', 'modified'],
    );
  });

  it('reports a deletion that happened while it was away', async () => {
    create('alpha', 3);
    create('beta', 4);
    await started();

    server.muteWatches(PLURAL);
    server.store.delete(PLURAL, 'rings', 'beta');
    timers.advance(SILENCE_MS);
    const restart = await restarts.next(() => true);
    timers.advance(restart.delayMs);
    await events.next((e) => e.type === 'deleted');

    assert.deepEqual(events.seen.slice(2), [{ type: 'deleted', name: 'beta', nodes: 4 }]);
    assert.deepEqual(
      informer.list().map((ring) => ring.metadata?.name),
      ['alpha'],
    );
  });

  it('backs off exponentially up to its cap while the list keeps failing', async () => {
    server.inject('GET', PLURAL, 503, 5);
    informer.start();

    const delays: number[] = [];
    for (let i = 0; i < 5; i++) {
      const restart = await restarts.next(() => true, restarts.seen.length);
      delays.push(restart.delayMs);
      timers.advance(restart.delayMs);
    }
    create('alpha', 3);
    await events.next((e) => e.name === 'alpha');

    assert.deepEqual(delays, [1_000, 2_000, 4_000, 8_000, 8_000]);
    assert.deepEqual(
      restarts.seen.map((r) => r.reason),
      ['error', 'error', 'error', 'error', 'error'],
    );
  });

  it('stops for good when stopped', async () => {
    await started();
    await informer.stop();
    timers.advance(SILENCE_MS * 10);

    assert.equal(restarts.seen.length, 0);
    assert.equal(timers.pending, 0);
  });
});
