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
import { systemClock, type Clock } from './turn-loop.js';

/** Largest PushAck a successor may answer with; the message holds one small integer. */
export const MAX_ACK_BYTES = 64;

/** First pause before passing the turn again to a successor that could not be reached. */
export const RETRY_FIRST_MS = 100;

/** Longest pause between two attempts. */
export const RETRY_MAX_MS = 2000;

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
  /** Times the pauses between attempts to pass the turn; the system clock unless given. */
  readonly clock?: Clock;
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
  private closed = false;
  /** Ends the pause before the next attempt to pass the turn, if one is under way. */
  private wake: (() => void) | undefined;

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
    if (next !== undefined) results.unshift(await this.passTurn(next, envelope(true)));
    return results;
  }

  /**
   * Pushes to p+1 until it answers or the deadline passes, trying again while it cannot be
   * reached (UNAVAILABLE), as when its pod restarts. Far successors get one attempt: waiting for
   * one of them would hold the turn back from p+1.
   */
  private async passTurn(
    successor: { peer: PeerAddress; client: RingNodeClient },
    envelope: ModelEnvelope,
  ): Promise<PushResult> {
    const clock = this.options.clock ?? systemClock;
    const deadline = clock.now() + this.options.deadlineMs;
    let pause = RETRY_FIRST_MS;
    for (;;) {
      const left = deadline - clock.now();
      const result = await this.push(successor, envelope, Date.now() + left);
      if (result.code !== grpc.status.UNAVAILABLE || deadline - clock.now() <= pause) return result;
      if (this.closed) return result;
      await new Promise<void>((resolve) => {
        const timer = clock.schedule(pause, resolve);
        this.wake = () => (timer.cancel(), resolve());
      });
      this.wake = undefined;
      if (this.closed) return result;
      pause = Math.min(2 * pause, RETRY_MAX_MS);
    }
  }

  /** Closes every channel and stops trying to pass the turn. Idempotent. */
  close(): void {
    this.closed = true;
    this.wake?.();
    for (const { client } of this.clients) client.close();
  }

  private push(
    { peer, client }: { peer: PeerAddress; client: RingNodeClient },
    envelope: ModelEnvelope,
    deadlineAt = Date.now() + this.options.deadlineMs,
  ): Promise<PushResult> {
    const { metrics, logger } = this.options;
    const started = performance.now();
    const deadline = new Date(deadlineAt);
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
