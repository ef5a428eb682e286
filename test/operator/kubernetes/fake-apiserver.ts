// A stand-in Kubernetes API server on 127.0.0.1 that speaks the real REST and watch protocol:
// GET and LIST (with the list's resourceVersion), POST, PUT (409 on a stale resourceVersion),
// merge PATCH, DELETE, the /status subresource, and `?watch=1&resourceVersion=N` streams of
// JSON lines. Tests steer it: end watches, mute them, answer 410 Gone, inject errors, and count
// every write by resource.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  mergePatch,
  parseRoute,
  readJson,
  reply,
  status,
  withPlace,
  type Route,
} from './fake-http.js';
import {
  FakeStore,
  matchesSelector,
  StoreError,
  type ResourceType,
  type StoredObject,
} from './fake-store.js';
import { GONE_LINE, WatchStreams } from './fake-watches.js';

interface Injected {
  readonly method: string;
  readonly resource: string;
  readonly code: number;
  remaining: number;
}

/** The stand-in API server; see the file comment. */
export class FakeApiServer {
  readonly store = new FakeStore();
  private readonly watches = new WatchStreams(this.store);
  private readonly writeCounts = new Map<string, number>();
  private readonly racers: { resource: string; action: () => void }[] = [];
  private readonly injected: Injected[] = [];

  private constructor(
    private readonly server: Server,
    /** Base URL, `http://127.0.0.1:<port>`. */
    readonly url: string,
  ) {}

  /** Starts a server on a free loopback port. */
  static async start(): Promise<FakeApiServer> {
    let handler: (req: IncomingMessage, res: ServerResponse) => void = () => undefined;
    const server = createServer((req, res) => handler(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const fake = new FakeApiServer(server, `http://127.0.0.1:${port}`);
    handler = (req, res) => void fake.handle(req, res);
    return fake;
  }

  /** Writes (POST, PUT, PATCH, DELETE) received for `resource`, e.g. `basilrings/status`. */
  writes(resource: string): number {
    return this.writeCounts.get(resource) ?? 0;
  }

  /** Every write received, by resource. */
  allWrites(): Record<string, number> {
    return Object.fromEntries([...this.writeCounts].sort(([a], [b]) => a.localeCompare(b)));
  }

  /** Watch streams of `plural` opened so far (refused watch requests do not count). */
  watchesOpenedSoFar(plural: string): number {
    return this.watches.openedSoFar(plural);
  }

  /** Resolves once `count` watches of `plural` have been opened in all. */
  watchesOpened(plural: string, count: number): Promise<void> {
    return this.watches.whenOpened(plural, count);
  }

  /** Runs `action` just before the next write to `resource` is served, as a racing client. */
  beforeNextWrite(resource: string, action: () => void): void {
    this.racers.push({ resource, action });
  }

  /** Answers the next `times` requests of `method` on `resource` with `code` instead. */
  inject(method: string, resource: string, code: number, times = 1): void {
    this.injected.push({ method, resource, code, remaining: times });
  }

  /** Closes the open watches of `plural` cleanly, as the API server does on its timeout. */
  endWatches(plural: string): void {
    this.watches.end(plural);
  }

  /** The open watches of `plural` stay connected but never send another event. */
  muteWatches(plural: string): void {
    this.watches.mute(plural);
  }

  /** Forgets the history, sends an ERROR event with code 410 on the watches of `plural`. */
  expireWatches(plural: string): void {
    this.store.compact();
    this.watches.end(plural, GONE_LINE);
  }

  /** Stops serving; open watches are cut. */
  async close(): Promise<void> {
    this.watches.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const route = parseRoute(url.pathname);
    if (route === undefined) return reply(res, 404, status(404, 'NotFound', url.pathname));
    const method = req.method ?? 'GET';
    const resource = route.type.plural + (route.status ? '/status' : '');
    const isWatch = ['1', 'true'].includes(url.searchParams.get('watch') ?? '');
    if (method !== 'GET') {
      this.count(resource);
      const racer = this.racers.findIndex((r) => r.resource === resource);
      if (racer >= 0) this.racers.splice(racer, 1)[0]?.action();
    }
    const injected = this.injected.find(
      (i) =>
        i.remaining > 0 && i.resource === resource && i.method === (isWatch ? 'WATCH' : method),
    );
    if (injected !== undefined) {
      injected.remaining -= 1;
      return reply(res, injected.code, status(injected.code, 'Injected', `injected ${resource}`));
    }
    try {
      const body = method === 'GET' || method === 'DELETE' ? undefined : await readJson(req);
      if (isWatch) return this.watches.open(route, url, res);
      const [code, object] = this.serve(route, method, url, body, req.headers['content-type']);
      reply(res, code, object);
    } catch (error) {
      // A fault of the stand-in itself reaches the client as a 500 that names it.
      const known =
        error instanceof StoreError ? error : new StoreError(500, 'Internal', `${error}`);
      reply(res, known.code, status(known.code, known.reason, known.message));
    }
  }

  private count(resource: string): void {
    this.writeCounts.set(resource, this.writes(resource) + 1);
  }

  private serve(
    route: Route,
    method: string,
    url: URL,
    body: StoredObject | undefined,
    contentType = '',
  ): [number, unknown] {
    const { type, namespace = '', name } = route;
    if (name === undefined) {
      if (method === 'GET') return [200, this.listOf(type, route.namespace, url)];
      if (method === 'POST') return [201, this.store.create(type, withPlace(body, namespace))];
    } else if (method === 'GET') {
      const found = this.store.get(type.plural, namespace, name);
      if (found === undefined) throw new StoreError(404, 'NotFound', `${type.plural} "${name}"`);
      return [200, found];
    } else if (method === 'PUT') {
      if (body?.metadata?.name !== name) throw new StoreError(400, 'BadRequest', 'name mismatch');
      return [200, this.store.replace(type, withPlace(body, namespace), route.status)];
    } else if (method === 'PATCH') {
      if (!contentType.startsWith('application/merge-patch+json')) {
        throw new StoreError(415, 'UnsupportedMediaType', `unsupported patch ${contentType}`);
      }
      const current = this.store.get(type.plural, namespace, name);
      if (current === undefined) throw new StoreError(404, 'NotFound', `${type.plural} "${name}"`);
      const patched = mergePatch(current, body) as StoredObject;
      return [200, this.store.replace(type, patched, route.status)];
    } else if (method === 'DELETE') {
      return [200, this.store.delete(type.plural, namespace, name)];
    }
    throw new StoreError(405, 'MethodNotAllowed', `${method} ${url.pathname}`);
  }

  private listOf(type: ResourceType, namespace: string | undefined, url: URL) {
    const selector = url.searchParams.get('labelSelector') ?? '';
    const items = this.store
      .list(type.plural, namespace)
      .filter((o) => matchesSelector(o.metadata.labels, selector));
    return {
      apiVersion: type.group === '' ? type.version : `${type.group}/${type.version}`,
      kind: `${type.kind}List`,
      metadata: { resourceVersion: String(this.store.resourceVersion) },
      items,
    };
  }
}
