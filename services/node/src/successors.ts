// Clients for the node's S successors. A turn's model goes to p+2 .. p+S first, in parallel, and
// only once they have answered to p+1 with passes_turn: when p+1's turn comes, every other
// successor already holds the model, just as in the simulator.
import * as grpc from '@grpc/grpc-js';
import type { Logger } from 'pino';
import type { Weights } from '../../core/src/model/weights.js';
import type { ModelEnvelope, RingNodeClient } from '../../protocol/src/messages.js';
import { basilV1 } from '../../protocol/src/load.js';
import { encodeWeights, envelopeBytes } from '../../protocol/src/tensors.js';
import type { PeerAddress } from './assignment.js';
import type { NodeMetrics } from './metrics.js';

/** Largest PushAck a successor may answer with; the message holds one small integer. */
export const MAX_ACK_BYTES = 64;

/** How one push ended. */
export interface PushResult {
  readonly position: number;
  readonly code: grpc.status;
  readonly durationSeconds: number;
}

/** Who sends, stamped on every envelope. */
export interface Sender {
  readonly ringId: string;
  readonly epoch: number;
  readonly position: number;
  readonly senderId: string;
}

/** Settings shared by all successor clients of a run. */
export interface SuccessorOptions {
  readonly sender: Sender;
  readonly maxMessageBytes: number;
  /** Deadline of each PushModel call. */
  readonly deadlineMs: number;
  readonly metrics: NodeMetrics;
  readonly logger: Logger;
}

/** A RingNode client whose send limit is the ring's message limit. */
export function ringNodeClient(address: string, maxMessageBytes: number): RingNodeClient {
  const RingNode = basilV1().RingNode;
  return new RingNode(address, grpc.credentials.createInsecure(), {
    'grpc.max_send_message_length': maxMessageBytes,
    'grpc.max_receive_message_length': MAX_ACK_BYTES,
  });
}

/** The node's successors, nearest first. */
export class Successors {
  private readonly clients: { peer: PeerAddress; client: RingNodeClient }[];

  constructor(
    peers: readonly PeerAddress[],
    private readonly options: SuccessorOptions,
  ) {
    // TODO(node): mTLS with one certificate per pod, checked against the claimed position.
    this.clients = peers.map((peer) => ({
      peer,
      client: ringNodeClient(peer.address, options.maxMessageBytes),
    }));
  }

  /** Sends a turn's model to p+2 .. p+S, then passes the turn to p+1. Never rejects. */
  async pass(weights: Weights, round: number): Promise<PushResult[]> {
    const tensors = encodeWeights(weights);
    const envelope = (passesTurn: boolean): ModelEnvelope => {
      const { ringId, epoch, position, senderId } = this.options.sender;
      return { ringId, epoch, round, senderPosition: position, senderId, passesTurn, tensors };
    };
    const [next, ...others] = this.clients;
    const results = await Promise.all(others.map((c) => this.push(c, envelope(false))));
    if (next !== undefined) results.unshift(await this.push(next, envelope(true)));
    return results;
  }

  /** Closes every channel. */
  close(): void {
    for (const { client } of this.clients) client.close();
  }

  private push(
    { peer, client }: { peer: PeerAddress; client: RingNodeClient },
    envelope: ModelEnvelope,
  ): Promise<PushResult> {
    const { metrics, logger, deadlineMs } = this.options;
    const started = performance.now();
    const deadline = new Date(Date.now() + deadlineMs);
    // TODO(node): retry UNAVAILABLE within the deadline, for a successor that is restarting.
    return new Promise((resolve) => {
      client.PushModel(envelope, { deadline }, (error) => {
        const durationSeconds = (performance.now() - started) / 1000;
        const code = error === null ? grpc.status.OK : error.code;
        metrics.sendDuration.observe({ code: grpc.status[code] }, durationSeconds);
        if (error === null) {
          metrics.sentBytes.inc(envelopeBytes(envelope));
        } else {
          const fields = { peer: peer.address, position: peer.position, code: grpc.status[code] };
          logger.warn({ ...fields, details: error.details, round: envelope.round }, 'push failed');
        }
        resolve({ position: peer.position, code, durationSeconds });
      });
    });
  }
}
