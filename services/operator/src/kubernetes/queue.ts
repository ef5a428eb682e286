// The reconcile work queue: each ring key at most once in the queue and at most once in flight,
// so a burst of events about one ring becomes one reconcile, and a key that changes while it is
// reconciled is reconciled once more afterwards.
import { systemTimers, type TimerHandle, type Timers } from './timers.js';

/** Settings of a queue. */
export interface WorkQueueOptions {
  /** Keys reconciled at the same time; one key is never reconciled twice at once. */
  readonly concurrency?: number;
  readonly timers?: Timers;
}

/** Deduplicating work queue with delayed re-adds. */
export class WorkQueue {
  private readonly queued: string[] = [];
  private readonly active = new Set<string>();
  private readonly dirty = new Set<string>();
  private readonly delayed = new Map<string, TimerHandle>();
  private readonly idle: (() => void)[] = [];
  private readonly concurrency: number;
  private readonly timers: Timers;
  private stopped = false;

  /** `worker` handles its own failures: it must never reject. */
  constructor(
    private readonly worker: (key: string) => Promise<void>,
    options: WorkQueueOptions = {},
  ) {
    this.concurrency = options.concurrency ?? 4;
    this.timers = options.timers ?? systemTimers;
    if (!Number.isInteger(this.concurrency) || this.concurrency < 1) {
      throw new RangeError(`concurrency: expected an integer >= 1, got ${this.concurrency}`);
    }
  }

  /** Queues `key` now; an earlier delayed add of it is superseded. */
  add(key: string): void {
    if (this.stopped) return;
    this.delayed.get(key)?.cancel();
    this.delayed.delete(key);
    if (this.active.has(key)) this.dirty.add(key);
    else if (!this.queued.includes(key)) this.queued.push(key);
    this.pump();
  }

  /** Queues `key` after `delayMs`, unless it is added sooner. */
  addAfter(key: string, delayMs: number): void {
    if (this.stopped) return;
    this.delayed.get(key)?.cancel();
    const timer = this.timers.schedule(delayMs, () => {
      this.delayed.delete(key);
      this.add(key);
    });
    this.delayed.set(key, timer);
  }

  /** Keys waiting, in flight, or due later. */
  get size(): number {
    return new Set([...this.queued, ...this.active, ...this.delayed.keys()]).size;
  }

  /** Resolves once nothing is queued or in flight (delayed keys do not count). */
  whenIdle(): Promise<void> {
    if (this.queued.length === 0 && this.active.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  /** Accepts no more keys, drops the delayed ones, and waits for those in flight. */
  async shutDown(): Promise<void> {
    this.stopped = true;
    this.queued.length = 0;
    this.delayed.forEach((timer) => timer.cancel());
    this.delayed.clear();
    await this.whenIdle();
  }

  private pump(): void {
    while (this.active.size < this.concurrency && this.queued.length > 0) {
      const key = this.queued.shift() as string;
      this.active.add(key);
      void this.work(key);
    }
    if (this.queued.length === 0 && this.active.size === 0) {
      this.idle.splice(0).forEach((resolve) => resolve());
    }
  }

  private async work(key: string): Promise<void> {
    try {
      await this.worker(key);
    } finally {
      this.active.delete(key);
      if (this.dirty.delete(key)) this.add(key);
      this.pump();
    }
  }
}
