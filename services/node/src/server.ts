// The node's two listeners: gRPC (RingNode, NodeControl, Health) and HTTP for /metrics.
import { once } from 'node:events';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as grpc from '@grpc/grpc-js';
import type { Registry } from 'prom-client';
import { modelDef } from '../../core/src/model/zoo.js';
import { MODEL_NAMES } from '../../core/src/spec/schema.js';
import { basilV1 } from '../../protocol/src/load.js';
import { maxMessageBytes } from '../../protocol/src/tensors.js';
import { ListenError } from './errors.js';
import { healthServiceDefinition } from './health.js';

/**
 * What gRPC itself lets in, before the node knows which model its ring runs: the limit of the
 * largest model of the zoo. The PushModel handler then holds each message to its own ring's
 * limit, counting the excess as `too-large`.
 */
export const TRANSPORT_MAX_MESSAGE_BYTES = Math.max(
  ...MODEL_NAMES.map((name) => maxMessageBytes(modelDef(name).manifest)),
);

/** Largest response the node sends: a GetStatus with every report of a long run fits. */
export const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

/** Handlers for each service the gRPC server offers. */
export interface GrpcServices {
  readonly ringNode: {
    definition: grpc.ServiceDefinition;
    handlers: grpc.UntypedServiceImplementation;
  };
  readonly control: grpc.UntypedServiceImplementation;
  readonly health: grpc.UntypedServiceImplementation;
  /** DataShare and CrossGroup; every node serves them, runs without ACDS or groups refuse. */
  readonly peers?: readonly {
    definition: grpc.ServiceDefinition;
    handlers: grpc.UntypedServiceImplementation;
  }[];
}

const hostPort = (host: string, port: number): string =>
  host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;

/** A started gRPC server and the address it is bound to. */
export async function listenGrpc(host: string, port: number, services: GrpcServices) {
  const server = new grpc.Server({
    'grpc.max_receive_message_length': TRANSPORT_MAX_MESSAGE_BYTES,
    'grpc.max_send_message_length': MAX_RESPONSE_BYTES,
  });
  server.addService(services.ringNode.definition, services.ringNode.handlers);
  server.addService(basilV1().NodeControl.service, services.control);
  server.addService(healthServiceDefinition(), services.health);
  for (const peer of services.peers ?? []) server.addService(peer.definition, peer.handlers);
  const credentials = grpc.ServerCredentials.createInsecure();
  const bound = await new Promise<number>((resolve, reject) => {
    server.bindAsync(hostPort(host, port), credentials, (error, actual) =>
      error === null
        ? resolve(actual)
        : reject(new ListenError('gRPC', hostPort(host, port), error.message)),
    );
  });
  return { server, address: hostPort(host, bound) };
}

/** Shuts the gRPC server down, letting calls in flight finish for up to `graceMs`. */
export async function closeGrpc(server: grpc.Server, graceMs: number): Promise<void> {
  const force = setTimeout(() => server.forceShutdown(), graceMs);
  await new Promise<void>((resolve) => server.tryShutdown(() => resolve()));
  clearTimeout(force);
}

/** A started HTTP server answering GET /metrics from `registry`, and its address. */
export async function listenMetrics(host: string, port: number, registry: Registry) {
  const server: HttpServer = createServer((request, response) => {
    if (request.method !== 'GET' || request.url?.split('?')[0] !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    registry.metrics().then(
      (text) => response.writeHead(200, { 'content-type': registry.contentType }).end(text),
      (error: unknown) => {
        response.writeHead(500, { 'content-type': 'text/plain' }).end(`${String(error)}\n`);
      },
    );
  });
  server.listen(port, host);
  await once(server, 'listening').catch((error: unknown) => {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ListenError('metrics', hostPort(host, port), reason);
  });
  return { server, address: hostPort(host, (server.address() as AddressInfo).port) };
}

/** Closes the metrics server and any connection a scraper keeps open. */
export async function closeMetrics(server: HttpServer): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeAllConnections();
  await closed;
}
