// One node's part in ACDS as a pure state machine: `stepAcds(state, envelope)` returns the next
// state and the messages to send, so a driver can move them over any transport.
import { concat, countOf, type Samples } from '../data/samples.js';
import { rng } from '../util/random.js';
import {
  AcdsProtocolError,
  nextAnchor,
  nextInGroup,
  placeOf,
  type AcdsLayout,
  type Envelope,
  type Outgoing,
} from './messages.js';
import { drawDummies, emptyLike, mixed, withoutDummies } from './share-set.js';

/** Where a participant stands: passing sets, waiting for other groups' pools, or done. */
export type AcdsPhase = 'passing' | 'exchanging' | 'complete';

/** A participant's whole state; never mutated, each step returns a new one. */
export interface ParticipantState {
  readonly node: number;
  readonly group: number;
  readonly role: 'anchor' | 'member';
  readonly layout: AcdsLayout;
  readonly seed: number;
  /** The node's share, one batch per pass. */
  readonly batches: readonly Samples[];
  /** Passes this node has added its batch to. */
  readonly passesDone: number;
  /** Anchor only: where dummies come from, and the dummies now travelling (its secret). */
  readonly dummySource: Samples;
  readonly dummies: Samples;
  /** Group pools held, by origin group. */
  readonly pools: readonly (Samples | undefined)[];
}

/** The result of one step. */
export interface AcdsStep {
  readonly state: ParticipantState;
  readonly outgoing: readonly Outgoing[];
}

/** A participant before any message, holding its share cut into batches. */
export function createParticipant(input: {
  node: number;
  layout: AcdsLayout;
  seed: number;
  batches: readonly Samples[];
  dummySource: Samples;
}): ParticipantState {
  const { group, index } = placeOf(input.layout, input.node);
  return {
    ...input,
    group,
    role: index === 0 ? 'anchor' : 'member',
    passesDone: 0,
    dummies: emptyLike(input.dummySource),
    pools: input.layout.groups.map(() => undefined),
  };
}

/** Phase of a participant. */
export function phaseOf(state: ParticipantState): AcdsPhase {
  if (state.passesDone < state.batches.length) return 'passing';
  return state.pools.every((pool) => pool !== undefined) ? 'complete' : 'exchanging';
}

/** Samples a participant gives away in total. */
export const sharedCountOf = (state: ParticipantState): number =>
  state.batches.reduce((n, batch) => n + countOf(batch), 0);

/**
 * Dummies per pass: as many as the anchor's largest batch, at least one, and few enough that
 * all H passes draw distinct samples from the anchor's unshared data.
 */
const dummyCountOf = (state: ParticipantState): number => {
  const distinct = Math.floor(countOf(state.dummySource) / state.batches.length);
  return Math.max(1, Math.min(distinct, Math.max(...state.batches.map(countOf))));
};

function seeded(state: ParticipantState, pass: number, dummies: Samples, base: Samples): AcdsStep {
  const count = dummyCountOf(state);
  const random = rng(state.seed, 'acds', 'dummies', state.node);
  const extra = drawDummies(state.dummySource, count, random, (pass - 1) * count);
  const samples = mixed(base, extra, rng(state.seed, 'acds', 'seed-set', state.node, pass));
  const message = { kind: 'share-set', group: state.group, pass, samples } as const;
  return {
    state: { ...state, dummies: concat([dummies, extra]) },
    outgoing: [{ to: nextInGroup(state.layout, state.node), message }],
  };
}

/** The first messages: an anchor seeds pass 1 with dummies; members wait. */
export function startAcds(state: ParticipantState): AcdsStep {
  if (state.role === 'member' || state.passesDone > 0) return { state, outgoing: [] };
  return seeded(state, 1, state.dummies, emptyLike(state.dummySource));
}

/** Handles one delivered message. */
export function stepAcds(state: ParticipantState, envelope: Envelope): AcdsStep {
  if (envelope.to !== state.node) {
    throw new AcdsProtocolError(state.node, `got a message addressed to node ${envelope.to}`);
  }
  const { message } = envelope;
  switch (message.kind) {
    case 'share-set':
      return onShareSet(state, envelope.from, message.pass, message.samples);
    case 'group-pool':
      return onGroupPool(state, envelope.from, message.origin, message.samples);
    case 'anchor-pool':
      return onAnchorPool(state, message.origin, message.samples);
  }
}

function onShareSet(state: ParticipantState, from: number, pass: number, set: Samples): AcdsStep {
  const members = state.layout.groups[state.group] as readonly number[];
  const predecessor = members[(members.indexOf(state.node) - 1 + members.length) % members.length];
  if (from !== predecessor || pass !== state.passesDone + 1) {
    const detail = `unexpected share set for pass ${pass} from node ${from}`;
    throw new AcdsProtocolError(state.node, detail);
  }
  const batch = state.batches[pass - 1] as Samples;
  const samples = mixed(set, batch, rng(state.seed, 'acds', 'shuffle', state.node, pass));
  const next = { ...state, passesDone: pass };
  if (state.role === 'member') {
    const message = { kind: 'share-set', group: state.group, pass, samples } as const;
    return { state: next, outgoing: [{ to: nextInGroup(state.layout, state.node), message }] };
  }
  if (pass < state.batches.length) return seeded(next, pass + 1, state.dummies, samples);
  return finishPool(next, withoutDummies(samples, state.dummies, state.node));
}

function finishPool(state: ParticipantState, pool: Samples): AcdsStep {
  const pools = state.pools.map((held, group) => (group === state.group ? pool : held));
  const origin = state.group;
  const outgoing: Outgoing[] = [
    {
      to: nextInGroup(state.layout, state.node),
      message: { kind: 'group-pool', origin, samples: pool },
    },
  ];
  if (state.layout.groups.length > 1) {
    const message = { kind: 'anchor-pool', origin, samples: pool } as const;
    outgoing.push({ to: nextAnchor(state.layout, state.group), message });
  }
  return { state: { ...state, pools, dummies: emptyLike(state.dummySource) }, outgoing };
}

function keep(state: ParticipantState, origin: number, samples: Samples): ParticipantState {
  if (state.pools[origin] !== undefined || origin >= state.pools.length) {
    throw new AcdsProtocolError(state.node, `pool of group ${origin} arrived twice or is unknown`);
  }
  return { ...state, pools: state.pools.map((held, g) => (g === origin ? samples : held)) };
}

function onGroupPool(
  state: ParticipantState,
  from: number,
  origin: number,
  pool: Samples,
): AcdsStep {
  const members = state.layout.groups[state.group] as readonly number[];
  const index = members.indexOf(state.node);
  if (state.role === 'anchor' || from !== members[index - 1]) {
    throw new AcdsProtocolError(state.node, `unexpected group pool from node ${from}`);
  }
  const next = keep(state, origin, pool);
  if (index === members.length - 1) return { state: next, outgoing: [] };
  const message = { kind: 'group-pool', origin, samples: pool } as const;
  return { state: next, outgoing: [{ to: members[index + 1] as number, message }] };
}

function onAnchorPool(state: ParticipantState, origin: number, pool: Samples): AcdsStep {
  if (state.role === 'member' || origin === state.group) {
    throw new AcdsProtocolError(state.node, `unexpected pool of group ${origin} between anchors`);
  }
  const next = keep(state, origin, pool);
  const outgoing: Outgoing[] = [
    {
      to: nextInGroup(state.layout, state.node),
      message: { kind: 'group-pool', origin, samples: pool },
    },
  ];
  const after = (state.group + 1) % state.layout.groups.length;
  if (after !== origin) {
    const message = { kind: 'anchor-pool', origin, samples: pool } as const;
    outgoing.push({ to: nextAnchor(state.layout, state.group), message });
  }
  return { state: next, outgoing };
}
