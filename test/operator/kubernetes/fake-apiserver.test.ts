import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FakeApiServer } from './fake-apiserver.js';

const RINGS = '/apis/basil.dev/v1alpha1/namespaces/rings/basilrings';

/** An object or a Status, as the server answers. */
interface Reply {
  metadata: Record<string, unknown>;
  [field: string]: unknown;
}

describe('stand-in API server', () => {
  let server: FakeApiServer;

  before(async () => {
    server = await FakeApiServer.start();
  });

  after(() => server.close());

  async function call(method: string, path: string, body?: unknown, type = 'application/json') {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: { 'content-type': type },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { code: response.status, body: (await response.json()) as Reply };
  }

  it('creates, reads and lists with resourceVersions', async () => {
    const created = await call('POST', RINGS, { metadata: { name: 'a' }, spec: { nodes: 3 } });
    const read = await call('GET', `${RINGS}/a`);
    const list = await call('GET', RINGS);

    assert.equal(created.code, 201);
    assert.deepEqual(read.body, created.body);
    assert.equal(read.body.metadata['generation'], 1);
    assert.equal(list.body.metadata['resourceVersion'], read.body.metadata['resourceVersion']);
    assert.equal((await call('POST', RINGS, { metadata: { name: 'a' } })).code, 409);
    assert.equal((await call('GET', `${RINGS}/missing`)).code, 404);
  });

  it('refuses a stale PUT with 409 and bumps generation on a spec change', async () => {
    const { body: ring } = await call('GET', `${RINGS}/a`);
    const updated = await call('PUT', `${RINGS}/a`, { ...ring, spec: { nodes: 4 } });
    const stale = await call('PUT', `${RINGS}/a`, { ...ring, spec: { nodes: 5 } });

    assert.equal(updated.code, 200);
    assert.equal(updated.body.metadata['generation'], 2);
    assert.deepEqual([stale.code, stale.body['reason']], [409, 'Conflict']);
  });

  it('keeps status and spec apart through the status subresource', async () => {
    const { body: ring } = await call('GET', `${RINGS}/a`);
    const status = { phase: 'Pending' };
    await call('PUT', `${RINGS}/a/status`, { ...ring, spec: { nodes: 9 }, status });
    const { body: afterStatus } = await call('GET', `${RINGS}/a`);
    await call('PUT', `${RINGS}/a`, { ...afterStatus, status: { phase: 'Failed' } });
    const { body: afterMain } = await call('GET', `${RINGS}/a`);

    assert.deepEqual(afterStatus.spec, { nodes: 4 });
    assert.deepEqual(afterStatus.status, status);
    assert.deepEqual(afterMain.status, status);
    assert.equal(afterMain.metadata['generation'], 2);
  });

  it('applies merge patches and refuses other patch types', async () => {
    const patch = { metadata: { labels: { team: 'ml' } }, spec: { rounds: 3 } };
    const merged = await call('PATCH', `${RINGS}/a`, patch, 'application/merge-patch+json');
    const json = await call('PATCH', `${RINGS}/a`, [], 'application/json-patch+json');

    assert.deepEqual(merged.body.spec, { nodes: 4, rounds: 3 });
    assert.deepEqual(merged.body.metadata['labels'], { team: 'ml' });
    assert.equal(json.code, 415);
  });

  it('counts writes by resource, refused ones included', () => {
    assert.deepEqual(server.allWrites(), {
      basilrings: 7,
      'basilrings/status': 1,
    });
  });

  it('replays a watch from a resourceVersion, and answers 410 once it is compacted', async () => {
    const { body: ring } = await call('GET', `${RINGS}/a`);
    const from = Number(ring.metadata['resourceVersion']) - 1;
    const replay = await fetch(`${server.url}${RINGS}?watch=1&resourceVersion=${from}`);
    const reader = replay.body?.getReader();
    const first = new TextDecoder().decode((await reader?.read())?.value);
    await reader?.cancel();
    server.store.compact();
    const gone = await (
      await fetch(`${server.url}${RINGS}?watch=1&resourceVersion=${from}`)
    ).text();

    assert.deepEqual(JSON.parse(first), { type: 'MODIFIED', object: ring });
    assert.deepEqual(JSON.parse(gone).object.code, 410);
    assert.equal(JSON.parse(gone).type, 'ERROR');
  });
});
