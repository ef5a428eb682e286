// A real Prometheus server for tests: its own config, data folder and loopback port, started and
// stopped by the test, queried over its HTTP API.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, readFileSync, renameSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { delimiter, join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

/** How often waits re-check a condition. */
const POLL_MS = 250;

/** How long Prometheus may take to shut down before it is killed. */
const STOP_GRACE_MS = 10_000;

/** Prometheus, promtool or its API did not do what the test needs. */
export class PrometheusError extends Error {
  override name = 'PrometheusError';
}

/** The full path of an executable on PATH, or undefined. */
export function findExecutable(name: string): string | undefined {
  const folders = (process.env.PATH ?? '').split(delimiter).filter((folder) => folder !== '');
  return folders
    .map((folder) => join(folder, name))
    .find((path) => existsSync(path) && (statSync(path).mode & 0o111) !== 0);
}

/** A port nobody listens on right now, on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Writes a file so that a watcher never sees it half written. */
export async function writeAtomically(path: string, text: string): Promise<void> {
  await writeFile(`${path}.partial`, text);
  renameSync(`${path}.partial`, path);
}

/** Runs promtool; resolves to its output, or throws with it on a non-zero exit. */
export function promtool(binary: string, args: readonly string[]): string {
  const run = spawnSync(binary, args, { encoding: 'utf8', timeout: 60_000 });
  const output = `${run.stdout ?? ''}${run.stderr ?? ''}`;
  if (run.status !== 0) throw new PrometheusError(`promtool ${args.join(' ')}:\n${output}`);
  return output;
}

/** One series of an instant or range query. */
export interface Series {
  readonly metric: Record<string, string>;
  readonly value?: [number, string];
  readonly values?: [number, string][];
}

interface ApiReply<T> {
  status: 'success' | 'error';
  data: T;
  errorType?: string;
  error?: string;
}

/** A Prometheus process listening on 127.0.0.1. */
export class PrometheusServer {
  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
    readonly logFile: string,
    private readonly exited: Promise<void>,
  ) {}

  /** Starts Prometheus and resolves once it reports ready; stops it and throws otherwise. */
  static async start(binary: string, dir: string, port: number): Promise<PrometheusServer> {
    const logFile = join(dir, 'prometheus.log');
    const child = spawn(binary, [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ]);
    const log = createWriteStream(logFile);
    child.stdout.pipe(log);
    child.stderr.pipe(log);
    const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
    const server = new PrometheusServer(child, `http://127.0.0.1:${port}`, logFile, exited);
    try {
      await server.waitFor('Prometheus ready', 60_000, async () => {
        if (child.exitCode !== null) throw new PrometheusError(`exited: ${server.log()}`);
        // Refused connections are expected until the server listens.
        const response = await fetch(`${server.url}/-/ready`).catch(() => undefined);
        return response?.ok === true;
      });
    } catch (error) {
      await server.stop();
      throw error;
    }
    return server;
  }

  /** The server's own log, for failure messages. */
  log(): string {
    return readFileSync(this.logFile, 'utf8').slice(-4000);
  }

  /** Polls `check` until it returns true; throws after `timeoutMs`. */
  async waitFor(what: string, timeoutMs: number, check: () => Promise<boolean>): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > deadline) throw new PrometheusError(`timed out waiting for ${what}`);
      await delay(POLL_MS);
    }
  }

  /** Calls an API endpoint with form parameters; returns the HTTP status and the reply. */
  async api<T>(path: string, params: Record<string, string>): Promise<ApiReply<T>> {
    const response = await fetch(`${this.url}${path}`, {
      method: 'POST',
      body: new URLSearchParams(params),
    });
    return (await response.json()) as ApiReply<T>;
  }

  /** An instant query at `time` (Unix seconds). */
  query(expr: string, time: number): Promise<ApiReply<{ resultType: string; result: Series[] }>> {
    return this.api('/api/v1/query', { query: expr, time: String(time) });
  }

  /** A range query from `start` to `end` (Unix seconds), one point per `stepSeconds`. */
  queryRange(
    expr: string,
    start: number,
    end: number,
    stepSeconds: number,
  ): Promise<ApiReply<{ resultType: string; result: Series[] }>> {
    const params = { query: expr, start: String(start), end: String(end), step: `${stepSeconds}` };
    return this.api('/api/v1/query_range', params);
  }

  /** A GET endpoint's data, such as `/api/v1/targets`. */
  async get<T>(path: string): Promise<T> {
    const reply = (await (await fetch(`${this.url}${path}`)).json()) as ApiReply<T>;
    if (reply.status !== 'success') throw new PrometheusError(`${path}: ${reply.error}`);
    return reply.data;
  }

  /** Terminates the server and waits for it to exit; kills it if it takes too long. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return this.exited;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), STOP_GRACE_MS);
    await this.exited;
    clearTimeout(timer);
  }
}
