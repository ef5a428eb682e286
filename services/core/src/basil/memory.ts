// A node's memory: the latest model from each of its S predecessors.
import type { Weights } from '../model/weights.js';

/** A model held in memory, with where and when it was made. */
export interface StoredModel {
  readonly senderPosition: number;
  readonly round: number;
  readonly weights: Weights;
}

/** Why a model was not stored. */
export type StoreRefusal = 'not-a-predecessor' | 'stale-round';

/**
 * Turn index of a model: its place in the global sequence of turns, so that a larger index is
 * always more recent, across the wrap from position N-1 to position 0.
 */
export const turnIndex = (round: number, position: number, nodes: number): number =>
  (round - 1) * nodes + position;

/** The S most recent models of a node, one slot per predecessor. */
export class Memory {
  private readonly slots = new Map<number, StoredModel>();

  constructor(
    readonly position: number,
    readonly capacity: number,
    readonly nodes: number,
  ) {
    if (capacity < 1 || capacity >= nodes) {
      throw new RangeError(`memory capacity must be in [1, ${nodes - 1}], got ${capacity}`);
    }
  }

  /** Distance from the sender to this node along the ring (1 for the direct predecessor). */
  distanceFrom(senderPosition: number): number {
    return (((this.position - senderPosition) % this.nodes) + this.nodes) % this.nodes;
  }

  /** Checks whether a model could be stored, without storing it. */
  refusal(senderPosition: number, round: number): StoreRefusal | undefined {
    const distance = this.distanceFrom(senderPosition);
    if (distance < 1 || distance > this.capacity) return 'not-a-predecessor';
    const held = this.slots.get(senderPosition);
    if (held !== undefined && held.round >= round) return 'stale-round';
    return undefined;
  }

  /** Stores a model unless refused; returns the refusal reason, if any. */
  store(model: StoredModel): StoreRefusal | undefined {
    const refusal = this.refusal(model.senderPosition, model.round);
    if (refusal === undefined) this.slots.set(model.senderPosition, model);
    return refusal;
  }

  /** Held models, most recent first. */
  models(): StoredModel[] {
    const index = (m: StoredModel): number => turnIndex(m.round, m.senderPosition, this.nodes);
    return [...this.slots.values()].sort((a, b) => index(b) - index(a));
  }

  /** Number of occupied slots. */
  get size(): number {
    return this.slots.size;
  }

  /** Whether the direct predecessor's model for `round` has arrived. */
  hasTurnFrom(round: number): boolean {
    const predecessor = (this.position - 1 + this.nodes) % this.nodes;
    const expected = this.position === 0 ? round - 1 : round;
    return (this.slots.get(predecessor)?.round ?? 0) >= expected;
  }
}
