// Basil+ turns at one node: its group is a ring of the group's size, so memory and the turn loop
// work on in-group positions, as the simulator's groups do; models from the cross-group
// multicast join the first turn of each global round.
import { Memory } from '../../core/src/basil/memory.js';
import { groupMemoryOf, type PlusLinks } from '../../core/src/basil/plus.js';
import type { Candidate } from '../../core/src/basil/selection.js';
import type { TurnContext, TurnOutcome } from '../../core/src/basil/turn.js';
import { ringOutcome } from '../../core/src/sim/group-rounds.js';
import type { RingSpec } from '../../core/src/spec/schema.js';

/** How long a Basil+ node waits on the aggregation: the slowest group's round plus every hop. */
export const aggregationWaitMs = (spec: RingSpec): number =>
  spec.turnTimeoutMs * (spec.plus.groups + 1);

/** A turn round split into its global round and its 1-based round inside it. */
export interface RoundPlace {
  readonly global: number;
  readonly inner: number;
}

/** The node's group, and how ring positions and rounds map into it. */
export class GroupRing {
  constructor(
    readonly links: PlusLinks,
    readonly roundsPerGlobalRound: number,
  ) {}

  /** The node's in-group position. */
  local(position: number): number {
    return position - this.links.span.start;
  }

  /** In-group position of a ring position, or undefined outside the group. */
  toLocal(position: number): number | undefined {
    const { start, size } = this.links.span;
    return position >= start && position < start + size ? position - start : undefined;
  }

  /** Where a turn round falls. */
  place(turnRound: number): RoundPlace {
    const r = this.roundsPerGlobalRound;
    return { global: Math.ceil(turnRound / r), inner: ((turnRound - 1) % r) + 1 };
  }

  /** An empty memory for a node of the group at ring position `position`. */
  memoryFor(position: number, memory: number): Memory {
    const { size } = this.links.span;
    return new Memory(this.local(position), groupMemoryOf(memory, size), size);
  }

  /**
   * Whether the turn of `turnRound` waits for the previous global round's multicast: the first
   * turn of every global round after the first, at the first S nodes of the group.
   */
  waitsForMulticast(turnRound: number): boolean {
    const { global, inner } = this.place(turnRound);
    return inner === 1 && global > 1 && this.links.multicastSenders.length > 0;
  }

  /**
   * Whether a push passes the turn: the group's last node ends a global round, so its model
   * reaches the first node without handing it the next turn (the multicast does that).
   */
  passesTurn(localSender: number, round: number): boolean {
    const endsGlobal = this.place(round).inner === this.roundsPerGlobalRound;
    return !(endsGlobal && localSender === this.links.span.size - 1);
  }

  /** At the first turn of a global round: memory without the models of earlier global rounds. */
  fresh(memory: Memory, turnRound: number): Memory {
    if (this.place(turnRound).inner !== 1) return memory;
    const renewed = new Memory(memory.position, memory.capacity, memory.nodes);
    for (const model of memory.models()) if (model.round >= turnRound) renewed.store(model);
    return renewed;
  }

  /** The turn context inside the group: colluders as in-group positions, as the simulator. */
  groupContext(ctx: TurnContext): TurnContext {
    const colluders = ctx.colluders.flatMap((p) => {
      const local = this.toLocal(p);
      return local === undefined ? [] : [local];
    });
    return { ...ctx, colluders: ctx.byzantine ? colluders : [] };
  }

  /** Entry candidates under in-group ids above the group's positions. */
  coded(entry: readonly Candidate[]): Candidate[] {
    return entry.map((c, i) => ({ ...c, senderPosition: this.links.span.size + i }));
  }

  /**
   * The turn loop's gate and waits: a first turn of a global round runs once the multicast is
   * in, and waits for it as long as the whole aggregation may take.
   */
  loopGates(
    cross: { multicastComplete(round: number): boolean },
    turnTimeoutMs: number,
    aggregationWaitMs: number,
  ) {
    return {
      gate: (round: number) =>
        !this.waitsForMulticast(round) || cross.multicastComplete(this.place(round).global - 1),
      timeoutMsFor: (round: number) =>
        this.waitsForMulticast(round) ? aggregationWaitMs : turnTimeoutMs,
    };
  }

  /** A turn's outcome with senders as ring positions. */
  ringOutcome(outcome: TurnOutcome, entry: readonly Candidate[]): TurnOutcome {
    return ringOutcome(outcome, this.links.span, entry);
  }
}
