// The ring `basil run` (and so `npm start`) and `basil simulate` use when no spec file is given.
// Sized so a local ring of processes finishes in a few minutes on two cores and still shows
// Basil at work: two Gaussian attackers that performance-based selection keeps out.
import type { RingSpecInput } from '../../core/src/index.js';

/**
 * The embedded default ring. Rounds: the honest mean passes 0.88 after about 6 rounds on the
 * bundled digits and still gains a point by round 20, where it levels off near 0.92.
 */
export const DEFAULT_RING: Readonly<RingSpecInput> = Object.freeze<RingSpecInput>({
  method: 'basil',
  nodes: 8,
  // memory: S = b + 1 = 3 by the schema's rule, so a --byzantine flag moves it along.
  rounds: 20,
  seed: 1,
  model: 'mnist-mlp',
  dataset: { name: 'mnist-bundled' },
  partition: { kind: 'iid' },
  byzantine: { count: 2, placement: 'random', attack: { name: 'gaussian' } },
});

/** A fresh, mutable copy of the default, as spec input before flags apply. */
export function defaultRing(): Record<string, unknown> {
  return structuredClone(DEFAULT_RING) as Record<string, unknown>;
}
