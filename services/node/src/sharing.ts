// One node's part in ACDS between processes: the core's participant state machine, fed by the
// DataShare service and sending what each step asks for over gRPC. Sharing runs after Start and
// before the node's first turn; the turn loop starts once the node holds every group's pool.
import * as grpc from '@grpc/grpc-js';
import type { Logger } from 'pino';
import type { AcdsMessage } from '../../core/src/acds/messages.js';
import { AcdsProtocolError } from '../../core/src/acds/messages.js';
import {
  phaseOf,
  startAcds,
  stepAcds,
  type AcdsStep,
  type ParticipantState,
} from '../../core/src/acds/participant.js';
import { participantOf, sharingLayout, trainingDataOf } from '../../core/src/acds/run.js';
import { concat, countOf, type Samples } from '../../core/src/data/samples.js';
import type { RingSpec } from '../../core/src/spec/schema.js';
import type { DataShareClient, ShareKind, ShareSet } from '../../protocol/src/messages.js';
import { basilV1 } from '../../protocol/src/load.js';
import type { SharePeerAddress } from './assignment.js';
import { ShareRejectedError } from './errors.js';
import type { NodeMetrics } from './metrics.js';
import { encodeSamples } from './sample-codec.js';
import type { Sender } from './successors.js';

/** Value of basil_node_acds_phase for each phase. */
export const PHASE_VALUES = { passing: 1, exchanging: 2, complete: 3 } as const;

const KIND: Readonly<Record<AcdsMessage['kind'], ShareKind>> = {
  'share-set': 'SHARE_KIND_PASS',
  'group-pool': 'SHARE_KIND_GROUP_POOL',
  'anchor-pool': 'SHARE_KIND_ANCHOR_POOL',
};

/** Attempts of one PassSet while the receiver is unavailable, and the pause between them. */
const SEND_ATTEMPTS = 5;
const RETRY_PAUSE_MS = 200;

/** What a session needs besides the node's samples. */
export interface SharingOptions {
  readonly spec: RingSpec;
  readonly nodeIndex: number;
  readonly local: Samples;
  readonly peers: readonly SharePeerAddress[];
  readonly sender: Sender;
  /** Deadline of each PassSet call. */
  readonly deadlineMs: number;
  readonly metrics: NodeMetrics;
  readonly logger: Logger;
  /** Called once with the node's training data: kept samples, then every pool. */
  readonly onComplete: (data: Samples) => void;
  readonly onFailed: (error: unknown) => void;
}

/** The node's ACDS participant and its links to its sharing neighbours. */
export class SharingSession {
  private state: ParticipantState;
  private readonly contributed: readonly number[];
  private readonly clients = new Map<number, { peer: SharePeerAddress; client: DataShareClient }>();
  private begun = false;
  private closed = false;

  constructor(private readonly options: SharingOptions) {
    const { spec, nodeIndex, local } = options;
    const layout = sharingLayout(spec.nodes, spec.acds.groupSize, spec.seed);
    const participant = participantOf(local, nodeIndex, spec, layout);
    this.state = participant.state;
    this.contributed = participant.contributed;
    const DataShare = basilV1().DataShare;
    for (const peer of options.peers) {
      const client = new DataShare(peer.address, grpc.credentials.createInsecure(), {
        'grpc.max_send_message_length': -1,
      });
      this.clients.set(peer.nodeIndex, { peer, client });
    }
    options.metrics.acdsPhase.set(PHASE_VALUES[phaseOf(this.state)]);
  }

  /** The node's ACDS phase now. */
  get phase(): keyof typeof PHASE_VALUES {
    return phaseOf(this.state);
  }

  /** The node index of a sharing neighbour at `position`, if it is one. */
  nodeAt(position: number): number | undefined {
    return this.options.peers.find((peer) => peer.position === position)?.nodeIndex;
  }

  /** Starts sharing: an anchor seeds its first pass. Idempotent. */
  begin(): void {
    if (this.begun) return;
    this.begun = true;
    this.apply(startAcds(this.state));
  }

  /** Takes one message from neighbour `from`; throws ShareRejectedError if it is out of turn. */
  receive(from: number, message: AcdsMessage): void {
    let step: AcdsStep;
    try {
      step = stepAcds(this.state, { from, to: this.options.nodeIndex, message });
    } catch (error) {
      if (error instanceof AcdsProtocolError) {
        throw new ShareRejectedError('unexpected-message', error.message);
      }
      throw error;
    }
    if (message.kind !== 'share-set' && step.state.pools[message.origin] !== undefined) {
      this.options.metrics.acdsSharedSamples.inc(countOf(message.samples));
    }
    this.apply(step);
  }

  /** Closes the channels to the neighbours. */
  close(): void {
    this.closed = true;
    for (const { client } of this.clients.values()) client.close();
  }

  private apply(step: AcdsStep): void {
    const before = phaseOf(this.state);
    const ownPoolBefore = this.state.pools[this.state.group];
    this.state = step.state;
    const own = this.state.pools[this.state.group];
    if (ownPoolBefore === undefined && own !== undefined && this.state.role === 'anchor') {
      // An anchor finishes its own group's pool itself rather than receiving it.
      this.options.metrics.acdsSharedSamples.inc(countOf(own));
    }
    for (const { to, message } of step.outgoing) void this.send(to, message);
    const after = phaseOf(this.state);
    this.options.metrics.acdsPhase.set(PHASE_VALUES[after]);
    if (after === before) return;
    this.options.logger.info({ from: before, to: after }, 'sharing phase changed');
    if (after === 'complete') {
      const shared = concat(this.state.pools as Samples[]);
      this.options.onComplete(trainingDataOf(this.options.local, this.contributed, shared));
    }
  }

  private async send(to: number, message: AcdsMessage): Promise<void> {
    const target = this.clients.get(to);
    if (target === undefined) {
      this.options.onFailed(new AcdsProtocolError(to, 'no address for this sharing neighbour'));
      return;
    }
    const { ringId, epoch, position, senderId } = this.options.sender;
    const request: ShareSet = {
      ringId,
      epoch,
      senderPosition: position,
      senderId,
      kind: KIND[message.kind],
      group: message.kind === 'share-set' ? message.group : message.origin,
      pass: message.kind === 'share-set' ? message.pass : 0,
      samples: encodeSamples(message.samples),
    };
    for (let attempt = 1; attempt <= SEND_ATTEMPTS && !this.closed; attempt++) {
      const code = await this.call(target.client, request);
      // A refusal after a retry means the first copy arrived after all.
      if (code === grpc.status.OK || (attempt > 1 && code === grpc.status.FAILED_PRECONDITION)) {
        return;
      }
      const retry = code === grpc.status.UNAVAILABLE || code === grpc.status.DEADLINE_EXCEEDED;
      const fields = { peer: target.peer.address, code: grpc.status[code], to };
      this.options.logger.warn(fields, 'share set not delivered');
      if (!retry) break;
      await new Promise((resolve) => setTimeout(resolve, RETRY_PAUSE_MS * attempt));
    }
    if (!this.closed) {
      this.options.onFailed(new AcdsProtocolError(to, 'a sharing message could not be delivered'));
    }
  }

  private call(client: DataShareClient, request: ShareSet): Promise<grpc.status> {
    const deadline = new Date(Date.now() + this.options.deadlineMs);
    return new Promise((resolve) => {
      client.PassSet(request, { deadline }, (error) =>
        resolve(error === null ? grpc.status.OK : error.code),
      );
    });
  }
}
