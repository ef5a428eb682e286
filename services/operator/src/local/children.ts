// One `basil node` child process of the local driver: spawned on loopback with free ports, its
// output kept in a log file, its addresses read from the line it logs once it listens.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/** The `basil` executable the children run. */
export const BASIL_BIN = fileURLToPath(new URL('../../../../bin/basil.mjs', import.meta.url));

/** The message a node logs once both its servers are bound. */
export const LISTENING_MESSAGE = 'node listening';

/** How to start one node process. */
export interface NodeProcessOptions {
  readonly position: number;
  /** File that receives the child's standard output and error. */
  readonly logFile: string;
  readonly logLevel: string;
  /** Give up when the node has not logged that it listens within this time. */
  readonly startupTimeoutMs: number;
  /** Aborting it kills a node that is still starting. */
  readonly signal?: AbortSignal;
}

/** A node process that did not come up; the message points at its log file. */
export class NodeStartError extends Error {
  override name = 'NodeStartError';
}

/** How a child process ended. */
export interface ChildExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

// Every child still running. If the operator exits without stopping them (an uncaught error,
// process.exit), the exit hook kills them, so no node outlives its operator.
const running = new Set<ChildProcess>();
process.on('exit', () => running.forEach((child) => child.kill('SIGKILL')));

/** A running node process and where it listens. */
export class NodeProcess {
  /** Settles when the process has exited and its log is flushed. */
  readonly exited: Promise<ChildExit>;
  private exitInfo: ChildExit | undefined;

  private constructor(
    readonly position: number,
    private readonly child: ChildProcess,
    readonly grpcAddress: string,
    readonly metricsAddress: string,
    exited: Promise<ChildExit>,
  ) {
    this.exited = exited.then((info) => (this.exitInfo = info));
  }

  /** Process id of the node. */
  get pid(): number {
    return this.child.pid as number;
  }

  /** True once the process has exited. */
  get hasExited(): boolean {
    return this.exitInfo !== undefined;
  }

  /** Starts a node and resolves once it listens; kills it and throws NodeStartError otherwise. */
  static async start(options: NodeProcessOptions): Promise<NodeProcess> {
    const { position, logFile, logLevel, startupTimeoutMs, signal } = options;
    const args = ['node', '--grpc-port', '0', '--metrics-port', '0', '--host', '127.0.0.1'];
    args.push('--exit-with-parent');
    args.push('--node-id', `node-${position}`, '--log-level', logLevel);
    const child = spawn(process.execPath, [BASIL_BIN, ...args], {
      // The node watches its stdin: when this process dies, the pipe closes and the node stops.
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    running.add(child);
    const log = createWriteStream(logFile, { flags: 'a' });
    child.stderr?.pipe(log, { end: false });
    const exited = new Promise<ChildExit>((resolve) => {
      // 'close' rather than 'exit': only then has every line of output reached the log.
      child.once('close', (code, signal) => {
        running.delete(child);
        resolve({ code, signal });
      });
    });
    const closed = exited.then(async (info) => {
      await new Promise<void>((resolve) => log.end(resolve));
      return info;
    });

    const addresses = await listening(child, log, startupTimeoutMs, exited, signal).catch(
      async (error: Error) => {
        child.kill('SIGKILL');
        await closed;
        throw new NodeStartError(`node ${position}: ${error.message}; see ${logFile}`);
      },
    );
    return new NodeProcess(position, child, addresses.grpc, addresses.metrics, closed);
  }

  /** Sends a signal; a process that already exited is left alone. */
  kill(signal: NodeJS.Signals): void {
    if (!this.hasExited) this.child.kill(signal);
  }

  /** SIGTERM, then SIGKILL when the node has not drained within `graceMs`. */
  async stop(graceMs: number): Promise<ChildExit> {
    if (this.exitInfo !== undefined) return this.exitInfo;
    this.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const graceOver = new Promise<'kill'>((resolve) => {
      timer = setTimeout(() => resolve('kill'), graceMs);
    });
    if ((await Promise.race([this.exited, graceOver])) === 'kill') this.kill('SIGKILL');
    clearTimeout(timer);
    return this.exited;
  }
}

/** Copies stdout into the log and resolves with the addresses from the listening line. */
function listening(
  child: ChildProcess,
  log: WriteStream,
  timeoutMs: number,
  exited: Promise<ChildExit>,
  abort: AbortSignal | undefined,
): Promise<{ grpc: string; metrics: string }> {
  return new Promise((resolve, reject) => {
    const fail = (reason: string): void => {
      clearTimeout(timer);
      abort?.removeEventListener('abort', onAbort);
      reject(new Error(reason));
    };
    const onAbort = (): void => fail('start abandoned');
    const timer = setTimeout(
      () => fail(`did not log "${LISTENING_MESSAGE}" within ${timeoutMs} ms`),
      timeoutMs,
    );
    if (abort?.aborted === true) onAbort();
    abort?.addEventListener('abort', onAbort, { once: true });
    void exited.then(({ code, signal }) =>
      fail(`exited before listening (code ${code}, signal ${signal})`),
    );
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.on('line', (line) => {
      log.write(`${line}\n`);
      const addresses = addressesIn(line);
      if (addresses !== undefined) {
        clearTimeout(timer);
        abort?.removeEventListener('abort', onAbort);
        resolve(addresses);
      }
    });
  });
}

/** The addresses in a `node listening` log line, or undefined for any other line. */
export function addressesIn(line: string): { grpc: string; metrics: string } | undefined {
  if (!line.startsWith('{') || !line.includes(LISTENING_MESSAGE)) return undefined;
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(line) as Record<string, unknown>;
  } catch {
    // Not a log record after all: the line is still in the log file.
    return undefined;
  }
  const { msg, grpcAddress, metricsAddress } = entry;
  if (msg !== LISTENING_MESSAGE) return undefined;
  if (typeof grpcAddress !== 'string' || typeof metricsAddress !== 'string') return undefined;
  return { grpc: grpcAddress, metrics: metricsAddress };
}
