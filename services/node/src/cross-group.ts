// Basil+ at one node: the hop and multicast aggregates it collects, the merge it runs once its
// group's round is over and the previous group's aggregates are in (the core's
// `receiveAggregate`, as in the simulator), and the sends to the next group or to every group.
import * as grpc from '@grpc/grpc-js';
import type { Logger } from 'pino';
import type { Memory } from '../../core/src/basil/memory.js';
import type { AggregateMessage } from '../../core/src/basil/plus.js';
import type { Candidate } from '../../core/src/basil/selection.js';
import type { TurnContext } from '../../core/src/basil/turn.js';
import type { Weights } from '../../core/src/model/weights.js';
import { openingMessages, receiveAggregate } from '../../core/src/sim/aggregation.js';
import type { AggregateStage, CrossGroupClient } from '../../protocol/src/messages.js';
import { basilV1 } from '../../protocol/src/load.js';
import { encodeWeights } from '../../protocol/src/tensors.js';
import type { GroupAssignment, PeerAddress } from './assignment.js';
import { ModelRejectedError } from './errors.js';
import type { NodeMetrics } from './metrics.js';
import type { Sender } from './successors.js';

/** Stage of an aggregate on the wire. */
export type Stage = Extract<AggregateStage, string>;

/** What the aggregation reads from the node's run. */
export interface CrossGroupOptions {
  readonly group: GroupAssignment;
  /** The node's context with colluders as ring positions, for the attack between groups. */
  readonly context: () => TurnContext;
  readonly byzantinePositions: readonly number[];
  readonly roundsPerGlobalRound: number;
  readonly sender: Sender;
  readonly maxMessageBytes: number;
  readonly deadlineMs: number;
  /** How long a receiver waits for its inputs once its own round is over. */
  readonly waitMs: number;
  readonly memory: () => Memory;
  readonly metrics: NodeMetrics;
  readonly logger: Logger;
  /** Called when every multicast aggregate of `round` is in. */
  readonly onMulticast: (round: number) => void;
  /**
   * Called on an honest node after its merge for `round`, with the position whose aggregate it
   * built on (-1 for none); in the last group, the final aggregate follows once its multicast
   * has been delivered or refused, so scoring it stays off the ring's path.
   */
  readonly onMerged: (
    round: number,
    chosenSender: number,
    final: Promise<Weights> | undefined,
  ) => void;
}

/** The aggregates of one global round, by sender position. */
type Held = Map<number, Map<number, AggregateMessage>>;

/** The node's side of the cross-group aggregation, one global round after another. */
export class CrossGroup {
  private readonly hops: Held = new Map();
  private readonly multicasts: Held = new Map();
  private readonly merged = new Set<number>();
  private readonly owed = new Map<number, Weights>();
  private readonly timers = new Map<number, NodeJS.Timeout>();
  private readonly clients: { peer: PeerAddress; client: CrossGroupClient }[];

  constructor(private readonly options: CrossGroupOptions) {
    const CrossGroupService = basilV1().CrossGroup;
    this.clients = options.group.aggregationSuccessors.map((peer) => ({
      peer,
      client: new CrossGroupService(peer.address, grpc.credentials.createInsecure(), {
        'grpc.max_send_message_length': options.maxMessageBytes,
      }),
    }));
  }

  /** Refuses an aggregate the node does not expect; throws ModelRejectedError. */
  check(stage: Stage, sender: number, round: number, lastRound: number): void {
    const { links } = this.options.group;
    const expected =
      stage === 'AGGREGATE_STAGE_HOP' ? links.aggregationPredecessors : links.multicastSenders;
    if (!expected.includes(sender)) {
      throw new ModelRejectedError('not-a-predecessor', `position ${sender} at ${stage}`);
    }
    if (round < 1 || round >= lastRound) {
      throw new ModelRejectedError('bad-round', `no aggregation after round ${round}`);
    }
    const hop = stage === 'AGGREGATE_STAGE_HOP';
    const held = hop ? this.hops : this.multicasts;
    if (held.get(round)?.has(sender) === true || (hop && this.merged.has(round))) {
      throw new ModelRejectedError('stale-round', `position ${sender}, round ${round}`);
    }
  }

  /** Stores a checked aggregate and acts on it. */
  store(stage: Stage, round: number, message: AggregateMessage): void {
    const held = stage === 'AGGREGATE_STAGE_HOP' ? this.hops : this.multicasts;
    const inRound = held.get(round) ?? new Map<number, AggregateMessage>();
    held.set(round, inRound.set(message.senderPosition, message));
    if (stage === 'AGGREGATE_STAGE_HOP') {
      this.tryMerge(round, false);
    } else if (this.multicastComplete(round)) {
      this.options.onMulticast(round);
    }
  }

  /** Whether every multicast aggregate of `round` has arrived. */
  multicastComplete(round: number): boolean {
    const held = this.multicasts.get(round);
    return this.options.group.links.multicastSenders.every((p) => held?.has(p) === true);
  }

  /** The multicast of `round` as turn candidates, in sender order (the simulator's entries). */
  entryFor(round: number): Candidate[] {
    const held = this.multicasts.get(round);
    const turnRound = round * this.options.roundsPerGlobalRound;
    return this.options.group.links.multicastSenders.flatMap((senderPosition) => {
      const message = held?.get(senderPosition);
      return message === undefined
        ? []
        : [{ senderPosition, round: turnRound, weights: message.aggregate }];
    });
  }

  /** After the node's last turn of global round `round`: open the pass or wait to merge. */
  groupRoundDone(round: number, sent: Weights): void {
    const { group, waitMs } = this.options;
    const ctx = this.options.context();
    if (group.links.group === 0) {
      const sentAt: Weights[] = [];
      sentAt[ctx.position] = sent;
      const [opening] = openingMessages([ctx.position], sentAt, ctx.spec.plus);
      if (opening !== undefined && this.clients.length > 0) void this.send(round, opening);
      return;
    }
    if (group.links.aggregationPredecessors.length === 0) return;
    this.owed.set(round, sent);
    this.timers.set(
      round,
      setTimeout(() => this.tryMerge(round, true), waitMs),
    );
    this.tryMerge(round, false);
  }

  /** Looks again whether a merge may run (the node's memory changed). */
  recheck(): void {
    for (const round of this.owed.keys()) this.tryMerge(round, false);
  }

  /** Cancels pending merges and closes the channels. */
  close(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.owed.clear();
    for (const { client } of this.clients) client.close();
  }

  private ready(round: number): boolean {
    const { links } = this.options.group;
    const hops = this.hops.get(round);
    if (!links.aggregationPredecessors.every((p) => hops?.has(p) === true)) return false;
    // The group's tail has sent its models of the round's last turn to this node.
    const last = round * this.options.roundsPerGlobalRound;
    const memory = this.options.memory();
    return memory.models().filter((m) => m.round >= last).length === memory.capacity;
  }

  private tryMerge(round: number, timedOut: boolean): void {
    const sent = this.owed.get(round);
    if (sent === undefined || (!timedOut && !this.ready(round))) return;
    this.owed.delete(round);
    clearTimeout(this.timers.get(round));
    this.timers.delete(round);
    this.merged.add(round);
    const { group, byzantinePositions, roundsPerGlobalRound, metrics } = this.options;
    const ctx = this.options.context();
    const hops = this.hops.get(round) ?? new Map<number, AggregateMessage>();
    this.hops.delete(round);
    const heard = group.links.aggregationPredecessors.flatMap((p) => hops.get(p) ?? []);
    const received = receiveAggregate({
      ctx,
      memory: this.options.memory(),
      sent,
      heard,
      k: group.links.group + 1,
      byzantinePositions,
      turnRound: round * roundsPerGlobalRound,
      round,
    });
    const decision = received.chosenSender === undefined ? 'own_only' : 'merged';
    metrics.aggregations.inc({ decision });
    const fields = { round, sender: received.chosenSender ?? -1, decision, timedOut };
    this.options.logger.info(fields, 'aggregate merged');
    const delivered = this.send(round, received.outgoing);
    if (ctx.byzantine) return;
    const final = this.isLastGroup() ? delivered.then(() => received.aggregate) : undefined;
    this.options.onMerged(round, received.chosenSender ?? -1, final);
  }

  private isLastGroup(): boolean {
    return this.options.group.links.group === this.options.context().spec.plus.groups - 1;
  }

  private async send(round: number, message: AggregateMessage): Promise<void> {
    const { sender, deadlineMs, logger } = this.options;
    const stage: Stage = this.isLastGroup() ? 'AGGREGATE_STAGE_MULTICAST' : 'AGGREGATE_STAGE_HOP';
    const request = {
      ...sender,
      round,
      senderPosition: sender.position,
      stage,
      aggregate: encodeWeights(message.aggregate),
      groupModels: message.groupModels.map((w) => ({ tensors: encodeWeights(w) })),
    };
    await Promise.all(
      this.clients.map(
        ({ peer, client }) =>
          new Promise<void>((resolve) => {
            const deadline = new Date(Date.now() + deadlineMs);
            client.PassAggregate(request, { deadline }, (error) => {
              if (error !== null) {
                const fields = { peer: peer.address, position: peer.position, round };
                logger.warn(
                  { ...fields, code: grpc.status[error.code] },
                  'aggregate not delivered',
                );
              }
              resolve();
            });
          }),
      ),
    );
  }
}
