// Time as the Kubernetes driver sees it: backoff, watch silence, lease expiry and requeues all go
// through one injected object, so tests drive them without waiting.

/** A pending callback, cancelled through the timers that made it. */
export interface TimerHandle {
  cancel(): void;
}

/** Reads the time and schedules callbacks. */
export interface Timers {
  /** Milliseconds since the epoch; leases compare it with times written by other processes. */
  now(): number;
  /** Runs `callback` once, `delayMs` from now. */
  schedule(delayMs: number, callback: () => void): TimerHandle;
}

/** The wall clock and real timers. Timers never keep the process alive on their own. */
export const systemTimers: Timers = {
  now: () => Date.now(),
  schedule(delayMs, callback) {
    const timer = setTimeout(callback, delayMs);
    timer.unref();
    return { cancel: () => clearTimeout(timer) };
  },
};

/** Capped exponential backoff: `initialMs * 2^failures`, never above `maxMs`. */
export interface Backoff {
  readonly initialMs: number;
  readonly maxMs: number;
}

/** Delay before the attempt that follows `failures` failures in a row. */
export function backoffDelay(backoff: Backoff, failures: number): number {
  const exponent = Math.min(Math.max(failures, 0), 30);
  return Math.min(backoff.maxMs, backoff.initialMs * 2 ** exponent);
}
