// Model-level attacks: what a Byzantine node sends in place of the model it would honestly send.
import type { AttackName, AttackSpec } from '../spec/schema.js';
import { flatten, mapWeights, unflatten, type Weights } from '../model/weights.js';
import type { Random } from '../util/random.js';

/** What an attack may use: its own honest model and, for colluders, the honest models it saw. */
export interface AttackInput {
  readonly honest: Weights;
  /** Models from honest senders in the attacker's memory (colluding attacks only). */
  readonly honestReceived: readonly Weights[];
  readonly round: number;
  readonly nodes: number;
  readonly byzantineCount: number;
  readonly random: Random;
}

/** The attack in force at `round`: `hidden` is honest until its start round. */
export function activeAttack(attack: AttackSpec, round: number): AttackName | 'none' {
  if (attack.name !== 'hidden') return attack.name;
  return round >= attack.startRound ? attack.inner : 'none';
}

/** Whether the node trains on flipped labels y -> C-1-y this round. */
export function flipsLabels(attack: AttackSpec, round: number): boolean {
  return activeAttack(attack, round) === 'label-flip';
}

/** ALIE's default z: the quantile that lets the mean - z*std hide among n - b honest models. */
export function alieZ(nodes: number, byzantine: number): number {
  const supporters = Math.floor(nodes / 2 + 1) - byzantine;
  const quantile = (nodes - supporters) / nodes;
  return Math.max(0, inverseNormal(Math.min(Math.max(quantile, 1e-6), 1 - 1e-6)));
}

/** The weights the Byzantine node sends this round. */
export function applyAttack(attack: AttackSpec, input: AttackInput): Weights {
  const name = activeAttack(attack, input.round);
  switch (name) {
    case 'none':
    case 'label-flip':
    case 'hidden':
      return input.honest;
    case 'gaussian':
      return mapWeights(input.honest, () => attack.mean + attack.std * input.random.normal());
    case 'sign-flip':
      return mapWeights(input.honest, (v) => -attack.scale * v);
    case 'random-sign-flip':
      return mapWeights(input.honest, (v) =>
        input.random.next() < attack.flipProbability ? -v : v,
      );
    case 'alie':
      return alie(input, attack.z ?? alieZ(input.nodes, input.byzantineCount));
    case 'ipm':
      return ipm(input, attack.epsilon);
  }
}

function received(input: AttackInput): Float32Array[] {
  const models = input.honestReceived.length > 0 ? input.honestReceived : [input.honest];
  return models.map(flatten);
}

function alie(input: AttackInput, z: number): Weights {
  const models = received(input);
  const length = (models[0] as Float32Array).length;
  const out = new Float32Array(length);
  for (let i = 0; i < length; i++) {
    let sum = 0;
    let squares = 0;
    for (const m of models) {
      sum += m[i] as number;
      squares += (m[i] as number) ** 2;
    }
    const mean = sum / models.length;
    const std = Math.sqrt(Math.max(0, squares / models.length - mean * mean));
    out[i] = mean - z * std;
  }
  return unflatten(out, input.honest);
}

function ipm(input: AttackInput, epsilon: number): Weights {
  const models = received(input);
  const sum = new Float64Array((models[0] as Float32Array).length);
  for (const m of models) m.forEach((value, i) => (sum[i] = (sum[i] as number) + value));
  const out = Float32Array.from(sum, (total) => (-epsilon * total) / models.length);
  return unflatten(out, input.honest);
}

/** Inverse of the standard normal CDF (Acklam's rational approximation, |error| < 1.2e-9). */
export function inverseNormal(p: number): number {
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716,
    2.506628277459239,
  ];
  const b = [
    -54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972,
    -13.28068155288572,
  ];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734,
    4.374664141464968, 2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const poly = (k: number[], x: number): number => k.reduce((acc, coef) => acc * x + coef, 0);
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return poly(c, q) / (poly(d, q) * q + 1);
  }
  if (p > 1 - low) return -inverseNormal(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return (poly(a, r) * q) / (poly(b, r) * r + 1);
}
