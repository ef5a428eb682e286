// A bare RingNode server for the push benchmark: it decodes and checks every model as a node
// does, then acknowledges it, and stores nothing. It prints its address as one JSON line.
import * as grpc from '@grpc/grpc-js';
import { checkWeights, type Manifest } from '../services/core/src/index.js';
import type { RingNodeHandlers } from '../services/protocol/src/generated/basil/v1/RingNode.js';
import { basilV1 } from '../services/protocol/src/load.js';
import { decodeTensors } from '../services/protocol/src/tensors.js';
import { BENCH_MANIFEST, BENCH_MAX_MESSAGE_BYTES } from './push-model.js';

function serve(manifest: Manifest): Promise<{ server: grpc.Server; port: number }> {
  const server = new grpc.Server({
    'grpc.max_receive_message_length': BENCH_MAX_MESSAGE_BYTES,
    'grpc.max_send_message_length': BENCH_MAX_MESSAGE_BYTES,
  });
  const handlers: RingNodeHandlers = {
    PushModel: (call, done) => {
      checkWeights(decodeTensors(call.request.tensors), manifest);
      done(null, { memoryOccupancy: 1 });
    },
  };
  server.addService(basilV1().RingNode.service, handlers);
  return new Promise((resolve, reject) => {
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, port) =>
      error === null ? resolve({ server, port }) : reject(error),
    );
  });
}

const { server, port } = await serve(BENCH_MANIFEST);
console.log(JSON.stringify({ address: `127.0.0.1:${port}` }));
process.once('SIGTERM', () => server.tryShutdown(() => process.exit(0)));
