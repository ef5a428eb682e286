// The watch streams of the stand-in API server: each replays the events after the requested
// resourceVersion (or every object as ADDED when none is given) and then follows the store,
// one JSON line per event. Tests end, mute or expire the streams of a resource.
import type { ServerResponse } from 'node:http';
import type { Route } from './fake-http.js';
import { matchesSelector, type FakeStore, type WatchEvent } from './fake-store.js';

interface OpenWatch {
  readonly plural: string;
  readonly namespace?: string;
  readonly selector: string;
  readonly response: ServerResponse;
  muted: boolean;
}

const GONE = { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'Expired', code: 410 };

/** The line of an ERROR event with code 410, as etcd compaction makes the API server send. */
export const GONE_LINE = `${JSON.stringify({ type: 'ERROR', object: GONE })}\n`;

/** Every open watch stream of one server. */
export class WatchStreams {
  private readonly watches = new Set<OpenWatch>();
  private readonly opened = new Map<string, number>();
  private readonly waiters: { plural: string; count: number; resolve: () => void }[] = [];
  private readonly unsubscribe: () => void;

  constructor(private readonly store: FakeStore) {
    this.unsubscribe = store.subscribe((event) => this.broadcast(event));
  }

  /** Streams opened for `plural` so far (refused watch requests do not count). */
  openedSoFar(plural: string): number {
    return this.opened.get(plural) ?? 0;
  }

  /** Resolves once `count` streams of `plural` have been opened in all. */
  whenOpened(plural: string, count: number): Promise<void> {
    return new Promise((resolve) => {
      this.waiters.push({ plural, count, resolve });
      this.wake();
    });
  }

  /** Serves a watch request: replays what the client missed, then follows the store. */
  open(route: Route, url: URL, response: ServerResponse): void {
    const watch: OpenWatch = {
      plural: route.type.plural,
      namespace: route.namespace,
      selector: url.searchParams.get('labelSelector') ?? '',
      response,
      muted: false,
    };
    const from = url.searchParams.get('resourceVersion') ?? '';
    response.writeHead(200, { 'content-type': 'application/json' });
    const replay =
      from === '' || from === '0'
        ? this.store.list(watch.plural, watch.namespace).map((object) => ({
            type: 'ADDED' as const,
            plural: watch.plural,
            resourceVersion: Number(object.metadata.resourceVersion),
            object,
          }))
        : this.store.eventsSince(watch.plural, Number(from));
    if (replay === 'gone') {
      response.end(GONE_LINE);
      return;
    }
    this.watches.add(watch);
    response.on('close', () => this.watches.delete(watch));
    replay.forEach((event) => send(watch, event));
    this.opened.set(watch.plural, this.openedSoFar(watch.plural) + 1);
    this.wake();
  }

  /** Ends the streams of `plural`, after writing `lastLine` when given. */
  end(plural: string, lastLine?: string): void {
    for (const watch of this.matching(plural)) {
      this.watches.delete(watch);
      watch.response.end(lastLine);
    }
  }

  /** The streams of `plural` stay open but send nothing more. */
  mute(plural: string): void {
    this.matching(plural).forEach((watch) => (watch.muted = true));
  }

  /** Cuts every stream. */
  destroy(): void {
    this.unsubscribe();
    this.watches.forEach((watch) => watch.response.destroy());
    this.watches.clear();
  }

  private matching(plural: string): OpenWatch[] {
    return [...this.watches].filter((watch) => watch.plural === plural);
  }

  private wake(): void {
    for (const waiter of [...this.waiters]) {
      if (this.openedSoFar(waiter.plural) < waiter.count) continue;
      this.waiters.splice(this.waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
  }

  private broadcast(event: WatchEvent): void {
    for (const watch of this.watches) {
      if (watch.plural === event.plural && !watch.muted) send(watch, event);
    }
  }
}

function send(watch: OpenWatch, event: WatchEvent): void {
  const { namespace, labels } = event.object.metadata;
  if (watch.namespace !== undefined && namespace !== watch.namespace) return;
  if (!matchesSelector(labels, watch.selector)) return;
  watch.response.write(`${JSON.stringify({ type: event.type, object: event.object })}\n`);
}
