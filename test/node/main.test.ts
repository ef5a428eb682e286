import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { get } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const program = (exitWithParent: boolean): string =>
  [
    "const { runNode } = await import('./services/node/src/main.ts');",
    `process.exitCode = await runNode({ host: "127.0.0.1", exitWithParent: ${exitWithParent} });`,
  ].join('\n');

/** A node process, as the CLI would run it, with its JSON log lines collected. */
function spawnNode(env: Record<string, string>, exitWithParent = false) {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', program(exitWithParent)],
    { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const lines: Record<string, unknown>[] = [];
  const waiters = new Map<string, (line: Record<string, unknown>) => void>();
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (text) => {
    const line = JSON.parse(text) as Record<string, unknown>;
    lines.push(line);
    waiters.get(String(line.msg))?.(line);
  });
  const seen = (msg: string) =>
    new Promise<Record<string, unknown>>((resolve) => waiters.set(msg, resolve));
  const exited = once(child, 'exit') as Promise<[number | null, string | null]>;
  return { child, lines, seen, exited };
}

function scrape(address: string): Promise<string> {
  return new Promise((resolve, reject) => {
    get(`http://${address}/metrics`, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve(body));
    }).on('error', reject);
  });
}

describe('runNode', () => {
  it(
    'logs where it listens, serves metrics, and exits 0 after SIGTERM',
    { timeout: 60_000 },
    async () => {
      const node = spawnNode({
        BASIL_GRPC_PORT: '0',
        BASIL_METRICS_PORT: '0',
        BASIL_NODE_ID: 'n1',
      });
      const stopped = node.seen('node stopped');

      const listening = await node.seen('node listening');
      const metrics = await scrape(String(listening.metricsAddress));
      node.child.kill('SIGTERM');
      const [code] = await node.exited;
      await stopped;

      assert.match(String(listening.grpcAddress), /^127\.0\.0\.1:\d+$/);
      assert.equal(listening.nodeId, 'n1');
      assert.match(metrics, /^basil_node_memory_capacity_models 0$/m);
      assert.match(metrics, /^basil_node_rejected_models_total\{reason="too-large"\} 0$/m);
      assert.match(metrics, /^process_cpu_user_seconds_total /m);
      const messages = node.lines.map((line) => line.msg);
      assert.deepEqual(
        messages.filter((m) => m !== 'state changed'),
        ['backend selected', 'node listening', 'shutting down', 'node stopped'],
      );
      assert.equal(code, 0);
    },
  );

  it(
    'stops cleanly when its parent goes and standard input closes',
    { timeout: 60_000 },
    async () => {
      const node = spawnNode({ BASIL_GRPC_PORT: '0', BASIL_METRICS_PORT: '0' }, true);

      await node.seen('node listening');
      node.child.stdin?.end();
      const [code] = await node.exited;

      const shutdown = node.lines.find((line) => line.msg === 'shutting down');
      assert.equal(shutdown?.signal, 'parent-gone');
      assert.equal(code, 0);
    },
  );

  it(
    'exits 0 on SIGTERM while its parent still holds standard input open',
    { timeout: 20_000 },
    async () => {
      // What the local driver does at the end of every run: the node must not wait to be killed.
      const node = spawnNode({ BASIL_GRPC_PORT: '0', BASIL_METRICS_PORT: '0' }, true);

      await node.seen('node listening');
      node.child.kill('SIGTERM');
      // A node that would linger is killed, so the test fails instead of waiting for ever.
      const linger = setTimeout(() => node.child.kill('SIGKILL'), 10_000);
      const [code, signal] = await node.exited;
      clearTimeout(linger);

      assert.deepEqual([code, signal], [0, null]);
      assert.equal(node.lines.at(-1)?.msg, 'node stopped');
    },
  );

  it('exits 2 with one line naming a bad variable', { timeout: 60_000 }, async () => {
    const node = spawnNode({ BASIL_GRPC_PORT: 'http' });
    const refused = node.seen('invalid configuration');

    const [code] = await node.exited;
    const line = await refused;

    assert.equal(code, 2);
    assert.match(String(line.details), /^BASIL_GRPC_PORT: .*got "http"$/);
    assert.equal(node.lines.length, 1);
  });

  it('exits 1 with one line when its gRPC port is taken', { timeout: 60_000 }, async () => {
    const taken = createServer();
    taken.listen(0, '127.0.0.1');
    await once(taken, 'listening');
    const { port } = taken.address() as AddressInfo;
    try {
      const node = spawnNode({
        BASIL_GRPC_PORT: String(port),
        BASIL_METRICS_PORT: '0',
        BASIL_NODE_ID: 'node-3',
      });
      const refused = node.seen('cannot listen');

      const [code] = await node.exited;
      const line = await refused;

      assert.equal(code, 1);
      assert.equal(
        line.details,
        `cannot listen for gRPC on 127.0.0.1:${port}: ` +
          `listen EADDRINUSE: address already in use 127.0.0.1:${port}`,
      );
      assert.equal(line.err, undefined, 'no error object with a stack');
      assert.equal(line.nodeId, 'node-3');
    } finally {
      taken.close();
    }
  });
});
