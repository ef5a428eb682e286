// The operator's HTTP endpoint: Prometheus metrics, liveness and readiness.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';

/** What the endpoint serves. */
export interface OperatorHttpOptions {
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  readonly registry: Registry;
  /** Answers /readyz. */
  readonly ready: () => boolean;
}

/** A listening endpoint. */
export interface OperatorHttp {
  /** host:port it listens on. */
  readonly address: string;
  close(): Promise<void>;
}

/** Serves `/metrics`, `/healthz` and `/readyz`; anything else is 404. */
export async function serveOperatorHttp(options: OperatorHttpOptions): Promise<OperatorHttp> {
  const { registry, ready } = options;
  const server = createServer((request, response) => {
    const path = request.url?.split('?')[0];
    if (request.method !== 'GET') {
      response.writeHead(405, { allow: 'GET' }).end();
    } else if (path === '/healthz') {
      response.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
    } else if (path === '/readyz') {
      const isReady = ready();
      response.writeHead(isReady ? 200 : 503, { 'content-type': 'text/plain' });
      response.end(isReady ? 'ok\n' : 'informers not synced\n');
    } else if (path === '/metrics') {
      registry.metrics().then(
        (text) => response.writeHead(200, { 'content-type': registry.contentType }).end(text),
        (error: Error) => response.writeHead(500).end(error.message),
      );
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { address, port } = server.address() as AddressInfo;
  return {
    address: `${address}:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
