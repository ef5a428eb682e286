// A supervised informer. The client library's informer relists on 410 Gone but stops for good on
// any other error, re-watches at once (without backoff) when a stream ends, and never notices a
// stream that went silent. This wrapper runs the library's informer one attempt at a time and
// starts a fresh one, after a capped exponential backoff, whenever an attempt fails, its stream
// ends, or nothing arrives for `silenceMs`. It keeps its own cache across attempts, so handlers
// see each change once, and deletions that happened during a gap are reported after the relist.
import {
  ListWatch,
  Watch,
  type KubeConfig,
  type KubernetesListObject,
  type KubernetesObject,
} from '@kubernetes/client-node';
import type { Logger } from 'pino';
import {
  backoffDelay,
  systemTimers,
  type Backoff,
  type TimerHandle,
  type Timers,
} from './timers.js';

/** What happened to an object. */
export type InformerEventType = 'added' | 'modified' | 'deleted';

/** Why an attempt was replaced by a new one. */
export type RestartReason = 'error' | 'ended' | 'silent' | 'gone';

/** Settings of one informer. */
export interface InformerOptions<T extends KubernetesObject> {
  /** Names the informer in logs. */
  readonly name: string;
  readonly kubeConfig: KubeConfig;
  /** API path that is listed and watched, e.g. `/api/v1/pods`. */
  readonly path: string;
  readonly list: () => Promise<KubernetesListObject<T>>;
  readonly labelSelector?: string;
  readonly logger: Logger;
  readonly backoff?: Backoff;
  /** Restart when neither an event nor a list arrived for this long. */
  readonly silenceMs?: number;
  readonly timers?: Timers;
  /** Told of every restart, before its delay starts. */
  onRestart?(reason: RestartReason, delayMs: number): void;
}

/** Backoff of restarts unless configured: 1 s, doubling, at most one minute. */
export const DEFAULT_INFORMER_BACKOFF: Backoff = Object.freeze({ initialMs: 1_000, maxMs: 60_000 });

/** Streams quieter than this are presumed dead; a healthy one sends bookmarks every minute. */
export const DEFAULT_SILENCE_MS = 5 * 60_000;

/** A watch whose stream end is reported to the supervisor and never to the library informer. */
class ReportingWatch extends Watch {
  constructor(
    kubeConfig: KubeConfig,
    private readonly live: () => boolean,
    private readonly onLine: (phase: string, object: unknown) => void,
    private readonly onEnd: (error: unknown) => void,
  ) {
    super(kubeConfig);
  }

  override async watch(
    path: string,
    query: Record<string, string | number | boolean | undefined>,
    callback: (phase: string, object: unknown, raw?: unknown) => void,
    _done: (error: unknown) => void,
  ): Promise<AbortController> {
    // A list that finished after its attempt was abandoned must not open a stream nobody reads.
    if (!this.live()) return new AbortController();
    const relay = (phase: string, object: unknown, raw?: unknown): void => {
      this.onLine(phase, object);
      callback(phase, object, raw);
    };
    // Bookmarks let a quiet but healthy stream prove it is alive before the silence limit.
    const withBookmarks = { ...query, allowWatchBookmarks: true };
    return super.watch(path, withBookmarks, relay, (error: unknown) => this.onEnd(error));
  }
}

const keyOf = (object: KubernetesObject): string =>
  `${object.metadata?.namespace ?? ''}/${object.metadata?.name ?? ''}`;

const isGone = (error: unknown): boolean => {
  const { code, statusCode } = (error ?? {}) as { code?: unknown; statusCode?: unknown };
  return code === 410 || statusCode === 410;
};

/** Lists and watches one kind of object for as long as it runs; see the file comment. */
export class SupervisedInformer<T extends KubernetesObject> {
  private readonly known = new Map<string, T>();
  private readonly handlers: ((type: InformerEventType, object: T) => void)[] = [];
  private readonly timers: Timers;
  private readonly backoff: Backoff;
  private attempt = 0;
  private current: ListWatch<T> | undefined;
  private running = false;
  private failures = 0;
  private startedAt = 0;
  private watchdog: TimerHandle | undefined;
  private retry: TimerHandle | undefined;
  private synced = false;
  private restartCount = 0;

  constructor(private readonly options: InformerOptions<T>) {
    this.timers = options.timers ?? systemTimers;
    this.backoff = options.backoff ?? DEFAULT_INFORMER_BACKOFF;
  }

  /** Calls `handler` with every change, in order. */
  onEvent(handler: (type: InformerEventType, object: T) => void): void {
    this.handlers.push(handler);
  }

  /** True once a first list has been received. */
  get hasSynced(): boolean {
    return this.synced;
  }

  /** Restarts so far. */
  get restarts(): number {
    return this.restartCount;
  }

  /** The objects as last seen. */
  list(): T[] {
    return [...this.known.values()];
  }

  /** Lists, then watches; idempotent. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.launch();
  }

  /** Stops the current attempt and every pending restart. */
  async stop(): Promise<void> {
    this.running = false;
    this.attempt += 1;
    this.watchdog?.cancel();
    this.retry?.cancel();
    const informer = this.current;
    this.current = undefined;
    await informer?.stop();
  }

  private launch(): void {
    const attempt = ++this.attempt;
    const live = (): boolean => this.running && attempt === this.attempt;
    const { kubeConfig, path, labelSelector } = this.options;
    const watch = new ReportingWatch(
      kubeConfig,
      live,
      (phase, object) => live() && this.onLine(phase, object),
      (error) =>
        live() && this.end(error == null ? 'ended' : isGone(error) ? 'gone' : 'error', error),
    );
    const list = async (): Promise<KubernetesListObject<T>> => {
      const listed = await this.options.list();
      if (live()) this.resync(listed.items);
      return listed;
    };
    const informer = new ListWatch<T>(path, watch, list, false, labelSelector);
    informer.on('add', (object) => live() && this.observe(object));
    informer.on('update', (object) => live() && this.observe(object));
    informer.on('delete', (object) => live() && this.forget(object));
    informer.on('error', (error) => live() && this.end('error', error));
    this.current = informer;
    this.startedAt = this.timers.now();
    this.armWatchdog(live);
    informer.start().catch((error: unknown) => live() && this.end('error', error));
  }

  private armWatchdog(live: () => boolean): void {
    this.watchdog?.cancel();
    const silenceMs = this.options.silenceMs ?? DEFAULT_SILENCE_MS;
    this.watchdog = this.timers.schedule(silenceMs, () => live() && this.end('silent'));
  }

  private onLine(phase: string, object: unknown): void {
    const attempt = this.attempt;
    this.armWatchdog(() => this.running && attempt === this.attempt);
    if (phase === 'ERROR') {
      this.end(isGone(object) ? 'gone' : 'error', object);
    } else {
      this.failures = 0;
    }
  }

  private end(reason: RestartReason, error?: unknown): void {
    const informer = this.current;
    // From here on, every callback of the abandoned attempt is stale and ignored.
    this.attempt += 1;
    this.current = undefined;
    this.watchdog?.cancel();
    if (this.timers.now() - this.startedAt >= this.backoff.maxMs) this.failures = 0;
    const delayMs = backoffDelay(this.backoff, this.failures);
    this.failures += 1;
    this.restartCount += 1;
    const fields = { informer: this.options.name, reason, delayMs, err: error };
    if (reason === 'ended') this.options.logger.debug(fields, 'watch restarting');
    else this.options.logger.warn(fields, 'watch restarting');
    this.options.onRestart?.(reason, delayMs);
    void informer?.stop();
    this.retry = this.timers.schedule(delayMs, () => {
      this.retry = undefined;
      if (this.running) this.launch();
    });
  }

  private resync(items: readonly T[]): void {
    const present = new Set(items.map(keyOf));
    for (const [key, object] of this.known) {
      if (!present.has(key)) {
        this.known.delete(key);
        this.emit('deleted', object);
      }
    }
    this.synced = true;
    const attempt = this.attempt;
    this.armWatchdog(() => this.running && attempt === this.attempt);
  }

  private observe(object: T): void {
    const key = keyOf(object);
    const previous = this.known.get(key);
    this.known.set(key, object);
    if (previous === undefined) this.emit('added', object);
    else if (previous.metadata?.resourceVersion !== object.metadata?.resourceVersion) {
      this.emit('modified', object);
    }
  }

  private forget(object: T): void {
    if (this.known.delete(keyOf(object))) this.emit('deleted', object);
  }

  private emit(type: InformerEventType, object: T): void {
    for (const handler of this.handlers) handler(type, object);
  }
}
