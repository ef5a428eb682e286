// Long computations written as generators that yield between steps. Run them straight through
// with `drain`, or with `runSteps`, which lets pending I/O (a gRPC acknowledgement, a health
// check) go out between steps so a turn of training never holds up the event loop for long.
import { setImmediate as nextLoop } from 'node:timers/promises';

/** A computation that yields between steps and returns `T`. */
export type Steps<T> = Generator<void, T, void>;

/** Runs every step at once and returns the result. */
export function drain<T>(steps: Steps<T>): T {
  for (;;) {
    const next = steps.next();
    if (next.done === true) return next.value;
  }
}

/**
 * Runs one step per turn of the event loop. If a step throws, or the run is abandoned, the
 * generator's `finally` blocks still run, so tensors it holds are disposed.
 */
export async function runSteps<T>(steps: Steps<T>): Promise<T> {
  try {
    for (;;) {
      const next = steps.next();
      if (next.done === true) return next.value;
      await nextLoop();
    }
  } finally {
    steps.return(undefined as T);
  }
}
