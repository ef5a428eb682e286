// The standard grpc.health.v1 service: SERVING once the node listens, NOT_SERVING from the
// moment it starts draining, so probes and load balancers stop sending it work.
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { PROTO_ROOT } from '../../protocol/src/load.js';

/** Statuses of grpc.health.v1.HealthCheckResponse.ServingStatus used by the node. */
export type ServingStatus = 'SERVING' | 'NOT_SERVING';

/** grpc.health.v1.HealthCheckRequest. */
export interface HealthCheckRequest {
  service?: string;
}

/** grpc.health.v1.HealthCheckResponse, with enums as strings. */
export interface HealthCheckResponse {
  status: ServingStatus | 'UNKNOWN' | 'SERVICE_UNKNOWN';
}

/** Services a node reports on; the empty name stands for the whole server. */
export const HEALTH_SERVICES = ['', 'basil.v1.RingNode', 'basil.v1.NodeControl'] as const;

/** The grpc.health.v1.Health service definition, loaded from proto/. */
export function healthServiceDefinition(): grpc.ServiceDefinition {
  const definition = protoLoader.loadSync('grpc/health/v1/health.proto', {
    enums: String,
    defaults: true,
    includeDirs: [PROTO_ROOT],
  });
  const root = grpc.loadPackageDefinition(definition) as unknown as {
    grpc: { health: { v1: { Health: grpc.ServiceClientConstructor } } };
  };
  return root.grpc.health.v1.Health.service;
}

/** Serving status of the node's services, and the handlers that report it. */
export class Health {
  private status: ServingStatus = 'NOT_SERVING';

  /** Marks every service SERVING or NOT_SERVING. */
  set(status: ServingStatus): void {
    this.status = status;
  }

  /** Handlers for grpc.health.v1.Health. */
  handlers(): grpc.UntypedServiceImplementation {
    const check: grpc.handleUnaryCall<HealthCheckRequest, HealthCheckResponse> = (call, done) => {
      const service = call.request.service ?? '';
      if (!(HEALTH_SERVICES as readonly string[]).includes(service)) {
        done({ code: grpc.status.NOT_FOUND, details: `unknown service "${service}"` });
        return;
      }
      done(null, { status: this.status });
    };
    const watch: grpc.handleServerStreamingCall<HealthCheckRequest, HealthCheckResponse> = (
      call,
    ) => {
      // TODO(node): stream status changes; probes only use Check today.
      call.emit('error', { code: grpc.status.UNIMPLEMENTED, details: 'Watch is not served' });
    };
    return { Check: check, Watch: watch };
  }
}
