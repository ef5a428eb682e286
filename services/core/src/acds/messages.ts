// The messages of anonymous cyclic data sharing (ACDS). They carry plain samples and node ids
// only, so the same participants can run in one process or between node processes.
import type { Samples } from '../data/samples.js';

/**
 * The set passed around a sharing group during pass `pass` (1..H). It holds the batches added so
 * far and the anchor's dummies; dummies are ordinary-looking samples that only the anchor, which
 * remembers them, can tell apart.
 */
export interface ShareSet {
  readonly kind: 'share-set';
  readonly group: number;
  readonly pass: number;
  readonly samples: Samples;
}

/** A finished group pool, dummies removed, handed along a group's members. */
export interface GroupPool {
  readonly kind: 'group-pool';
  /** Group whose members contributed the samples. */
  readonly origin: number;
  readonly samples: Samples;
}

/** A finished group pool travelling from anchor to anchor around the ring of groups. */
export interface AnchorPool {
  readonly kind: 'anchor-pool';
  readonly origin: number;
  readonly samples: Samples;
}

/** Any ACDS message. */
export type AcdsMessage = ShareSet | GroupPool | AnchorPool;

/** A message with its sender and receiver node ids. */
export interface Envelope {
  readonly from: number;
  readonly to: number;
  readonly message: AcdsMessage;
}

/** A message a participant wants sent. */
export interface Outgoing {
  readonly to: number;
  readonly message: AcdsMessage;
}

/** A message that the protocol does not allow at this point, or a dummy that went missing. */
export class AcdsProtocolError extends Error {
  override name = 'AcdsProtocolError';

  constructor(
    readonly node: number,
    detail: string,
  ) {
    super(`acds node ${node}: ${detail}`);
  }
}

/** The sharing groups: `groups[g][0]` is group g's anchor, the rest its members in ring order. */
export interface AcdsLayout {
  readonly groups: readonly (readonly number[])[];
}

/** Group index and place in the group of every node id. */
export function placeOf(layout: AcdsLayout, node: number): { group: number; index: number } {
  for (const [group, members] of layout.groups.entries()) {
    const index = members.indexOf(node);
    if (index >= 0) return { group, index };
  }
  throw new RangeError(`node ${node} is in no sharing group`);
}

/** The node after `node` in its group's ring (the last member's successor is the anchor). */
export function nextInGroup(layout: AcdsLayout, node: number): number {
  const { group, index } = placeOf(layout, node);
  const members = layout.groups[group] as readonly number[];
  return members[(index + 1) % members.length] as number;
}

/** The anchor of the group after `group` in the ring of groups. */
export function nextAnchor(layout: AcdsLayout, group: number): number {
  const next = layout.groups[(group + 1) % layout.groups.length] as readonly number[];
  return next[0] as number;
}

/**
 * Nodes `node` exchanges ACDS messages with, ascending: its neighbours in its group's ring and,
 * for an anchor, the anchors before and after its group.
 */
export function neighboursOf(layout: AcdsLayout, node: number): number[] {
  const { group, index } = placeOf(layout, node);
  const members = layout.groups[group] as readonly number[];
  const around = (list: readonly number[], i: number) => [
    list[(i + 1) % list.length] as number,
    list[(i - 1 + list.length) % list.length] as number,
  ];
  const found = around(members, index);
  if (index === 0 && layout.groups.length > 1) {
    found.push(
      ...around(
        layout.groups.map((g) => g[0] as number),
        group,
      ),
    );
  }
  return [...new Set(found)].filter((n) => n !== node).sort((a, b) => a - b);
}
