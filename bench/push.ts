// Model push throughput over loopback gRPC: one client pushes a one-million-parameter model to
// a bare RingNode server in another process, one push at a time and S = 3 at a time.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import type { ModelEnvelope } from '../services/protocol/src/generated/basil/v1/ModelEnvelope.js';
import type { RingNodeClient } from '../services/protocol/src/generated/basil/v1/RingNode.js';
import { basilV1 } from '../services/protocol/src/load.js';
import { encodeWeights, envelopeBytes } from '../services/protocol/src/tensors.js';
import { BENCH_MAX_MESSAGE_BYTES, BENCH_PARAMETERS, benchWeights } from './push-model.js';

/** Throughput figures of one push pattern. */
export interface PushFigures {
  readonly pushes: number;
  readonly concurrency: number;
  readonly messageBytes: number;
  readonly meanPushMs: number;
  readonly megabytesPerSecond: number;
}

const SERVER = fileURLToPath(new URL('./push-server.ts', import.meta.url));

function push(client: RingNodeClient, envelope: ModelEnvelope): Promise<void> {
  return new Promise((resolve, reject) => {
    const deadline = new Date(Date.now() + 30_000);
    client.PushModel(envelope, { deadline }, (error) =>
      error === null ? resolve() : reject(error),
    );
  });
}

async function timed(
  client: RingNodeClient,
  envelope: ModelEnvelope,
  pushes: number,
  concurrency: number,
): Promise<PushFigures> {
  const messageBytes = envelopeBytes(envelope);
  const started = performance.now();
  for (let sent = 0; sent < pushes; sent += concurrency) {
    const batch = Math.min(concurrency, pushes - sent);
    await Promise.all(Array.from({ length: batch }, () => push(client, envelope)));
  }
  const seconds = (performance.now() - started) / 1000;
  return {
    pushes,
    concurrency,
    messageBytes,
    meanPushMs: (1000 * seconds) / pushes,
    megabytesPerSecond: (pushes * messageBytes) / 1e6 / seconds,
  };
}

/** Starts the server, pushes `pushes` times per pattern after a warm-up, and stops it. */
export async function measurePush(pushes: number): Promise<PushFigures[]> {
  const server = spawn(process.execPath, ['--import', 'tsx', SERVER], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const [line] = (await once(createInterface({ input: server.stdout }), 'line')) as [string];
    const { address } = JSON.parse(line) as { address: string };
    const RingNode = basilV1().RingNode;
    const client = new RingNode(address, grpc.credentials.createInsecure(), {
      'grpc.max_send_message_length': BENCH_MAX_MESSAGE_BYTES,
      'grpc.max_receive_message_length': BENCH_MAX_MESSAGE_BYTES,
    });
    const envelope: ModelEnvelope = {
      ringId: 'bench',
      epoch: 1,
      round: 1,
      senderPosition: 0,
      senderId: 'bench',
      passesTurn: false,
      tensors: encodeWeights(benchWeights()),
    };
    await timed(client, envelope, 3, 1);
    const figures = [
      await timed(client, envelope, pushes, 1),
      await timed(client, envelope, pushes, 3),
    ];
    client.close();
    return figures;
  } finally {
    server.kill('SIGTERM');
    await once(server, 'close');
  }
}

export { BENCH_PARAMETERS };
