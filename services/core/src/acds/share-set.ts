// Operations on the sample sets of ACDS: choosing a node's share, shuffling, and the anchor's
// dummies, which it recognises by exact content because it keeps its own copies of them.
import { concat, countOf, pick, sampleSizeOf, type Samples } from '../data/samples.js';
import { shuffled, type Random } from '../util/random.js';
import { AcdsProtocolError } from './messages.js';

/**
 * How many samples a node of `count` samples shares: round(fraction * count), halves rounded up
 * (Math.round), so 0.05 of 30 shares 2 and 0.05 of 50 shares 3.
 */
export const shareCountOf = (count: number, fraction: number): number =>
  Math.round(fraction * count);

/** Indices of a node's shared samples, drawn at random, cut into H batches of near-equal size. */
export function chooseShare(count: number, fraction: number, batches: number, random: Random) {
  const chosen = shuffled([...Array(count).keys()], random).slice(0, shareCountOf(count, fraction));
  return Array.from({ length: batches }, (_, b) =>
    chosen.slice(
      Math.floor((b * chosen.length) / batches),
      Math.floor(((b + 1) * chosen.length) / batches),
    ),
  );
}

/** A set with no samples, shaped like `like`. */
export const emptyLike = (like: Samples): Samples => pick(like, []);

/** The union of two sets, in a fresh random order. */
export function mixed(a: Samples, b: Samples, random: Random): Samples {
  const union = concat([a, b]);
  return pick(union, shuffled([...Array(countOf(union)).keys()], random));
}

/**
 * Samples `skip .. skip + count` of a random order of `source`, drawn again with replacement
 * once it runs out. The anchor draws them from its own data, so members cannot tell them from
 * shared samples by their look; passing the same generator state and growing `skip` keeps the
 * dummies of later passes distinct from earlier ones, so no sample shows up twice in a set.
 */
export function drawDummies(source: Samples, count: number, random: Random, skip = 0): Samples {
  const available = countOf(source);
  if (available === 0) throw new RangeError('the anchor has no samples to draw dummies from');
  const order = shuffled([...Array(available).keys()], random);
  return pick(
    source,
    Array.from({ length: count }, (_, i) => order[skip + i] ?? random.int(available)),
  );
}

function contentKey(samples: Samples, index: number): string {
  const size = sampleSizeOf(samples);
  const x = samples.x.subarray(index * size, (index + 1) * size);
  const bits = new Uint32Array(x.buffer, x.byteOffset, size);
  let hash = 0x811c9dc5;
  for (const word of bits) hash = Math.imul(hash ^ word, 0x01000193) >>> 0;
  return `${samples.y[index] as number}:${hash}`;
}

function sameContent(a: Samples, i: number, b: Samples, j: number): boolean {
  const size = sampleSizeOf(a);
  if (a.y[i] !== b.y[j]) return false;
  for (let k = 0; k < size; k++) {
    if (!Object.is(a.x[i * size + k], b.x[j * size + k])) return false;
  }
  return true;
}

/**
 * `set` without one copy of each dummy. A shared sample equal to a dummy in every value is
 * indistinguishable from it, so removing either leaves the same multiset.
 */
export function withoutDummies(set: Samples, dummies: Samples, node: number): Samples {
  const waiting = new Map<string, number[]>();
  for (let j = 0; j < countOf(dummies); j++) {
    const key = contentKey(dummies, j);
    waiting.set(key, [...(waiting.get(key) ?? []), j]);
  }
  const kept: number[] = [];
  for (let i = 0; i < countOf(set); i++) {
    const candidates = waiting.get(contentKey(set, i)) ?? [];
    const match = candidates.findIndex((j) => sameContent(set, i, dummies, j));
    if (match >= 0) candidates.splice(match, 1);
    else kept.push(i);
  }
  const missing = [...waiting.values()].reduce((n, left) => n + left.length, 0);
  if (missing > 0) {
    throw new AcdsProtocolError(node, `${missing} dummy samples did not come back`);
  }
  return pick(set, kept);
}
