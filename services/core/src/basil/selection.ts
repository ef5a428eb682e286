// Performance-based selection: the candidate with the lowest loss on one batch wins.
import type { Samples } from '../data/samples.js';
import { lossOn } from '../model/learner.js';
import { weightsProblem, type Manifest, type Weights } from '../model/weights.js';
import type { ModelDef } from '../model/zoo.js';
import { drain, type Steps } from '../util/steps.js';

/** Sender position of the common initial model, which only round 1 may select. */
export const INITIAL_SENDER = -1;

/** A model that may be selected. Candidates are listed most recent first. */
export interface Candidate {
  readonly senderPosition: number;
  readonly round: number;
  readonly weights: Weights;
}

/** Why a candidate could not be selected. */
export type CandidateRejection = 'invalid-weights' | 'non-finite-loss';

/** The outcome of one selection. */
export interface Selection {
  readonly winner: Candidate;
  readonly winnerLoss: number;
  /** Loss of each valid candidate, in candidate order. */
  readonly losses: readonly { senderPosition: number; loss: number }[];
  readonly rejected: readonly { senderPosition: number; reason: CandidateRejection }[];
}

/** Thrown when no candidate is valid; the caller decides what to fall back to. */
export class NoCandidateError extends Error {
  override name = 'NoCandidateError';
}

/**
 * Picks the valid candidate with the lowest finite loss on `batch`. A strict comparison keeps
 * the first of equal losses, so ties go to the most recent; NaN and Infinity never win because
 * they are rejected before any comparison.
 */
export function select(
  model: ModelDef,
  candidates: readonly Candidate[],
  batch: Samples,
  manifest: Manifest = model.manifest,
): Selection {
  return drain(selectSteps(model, candidates, batch, manifest));
}

/** `select`, yielding after each candidate's loss. */
export function* selectSteps(
  model: ModelDef,
  candidates: readonly Candidate[],
  batch: Samples,
  manifest: Manifest = model.manifest,
): Steps<Selection> {
  let best: { candidate: Candidate; loss: number } | undefined;
  const losses: { senderPosition: number; loss: number }[] = [];
  const rejected: { senderPosition: number; reason: CandidateRejection }[] = [];
  for (const candidate of candidates) {
    const { senderPosition } = candidate;
    if (weightsProblem(candidate.weights, manifest) !== undefined) {
      rejected.push({ senderPosition, reason: 'invalid-weights' });
      continue;
    }
    const loss = lossOn(model, candidate.weights, batch);
    if (!Number.isFinite(loss)) {
      rejected.push({ senderPosition, reason: 'non-finite-loss' });
      continue;
    }
    losses.push({ senderPosition, loss });
    if (best === undefined || loss < best.loss) best = { candidate, loss };
    yield;
  }
  if (best === undefined) throw new NoCandidateError('no valid candidate to select from');
  return { winner: best.candidate, winnerLoss: best.loss, losses, rejected };
}
