// Ctrl-C and termination for a local run: the signals abort the run instead of killing the
// operator outright, so the driver can take its node processes down before it exits.

/** The run was interrupted by a signal, named when there was one, or by its caller. */
export class RunInterruptedError extends Error {
  override name = 'RunInterruptedError';

  constructor(
    message: string,
    readonly signal?: NodeJS.Signals,
  ) {
    super(message);
  }
}

/** An abort signal fed by SIGINT, SIGTERM, an outer signal and the driver itself. */
export interface RunInterrupt {
  readonly signal: AbortSignal;
  abort(reason: Error): void;
  /** Removes the process signal handlers. */
  dispose(): void;
}

const HANDLED: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];

/** Installs the handlers; call `dispose` once the run is over. */
export function watchSignals(outer?: AbortSignal): RunInterrupt {
  const controller = new AbortController();
  const onSignal = (name: NodeJS.Signals): void =>
    controller.abort(new RunInterruptedError(`interrupted by ${name}`, name));
  const onOuter = (): void =>
    controller.abort(outer?.reason ?? new RunInterruptedError('interrupted by the caller'));
  for (const name of HANDLED) process.on(name, onSignal);
  if (outer?.aborted === true) onOuter();
  outer?.addEventListener('abort', onOuter, { once: true });
  return {
    signal: controller.signal,
    abort: (reason) => controller.abort(reason),
    dispose: () => {
      for (const name of HANDLED) process.off(name, onSignal);
      outer?.removeEventListener('abort', onOuter);
    },
  };
}

/** Settles like `promise`, or rejects with the signal's reason as soon as it aborts. */
export function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error as Error);
      },
    );
  });
}
