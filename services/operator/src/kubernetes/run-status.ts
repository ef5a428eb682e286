// The status facts of one reconcile pass: the situation the run is in, the ring's round and
// honest accuracy, and who sits where. Pure.
import { roleAt, type RingSpec } from '../../../core/src/index.js';
import type { Desired } from './desired.js';
import type { RingProgress } from './progress.js';
import { podName, type BasilRing } from './ring.js';
import type { RunFacts } from './ring-run.js';
import { situations, type ConditionState, type Situation, type StatusFacts } from './status.js';

/** What one pass learned. */
export interface Pass {
  readonly facts: RunFacts;
  readonly progress: RingProgress;
  readonly desired: Desired;
  /** Round the status held for this epoch before the pass; 0 for a new epoch. */
  readonly heldRound: number;
  readonly generation: number;
  readonly epoch: number;
}

type RunningFacts = Extract<RunFacts, { kind: 'running' }>;

/** The status facts of a pass over `ring`. */
export function statusFacts(ring: BasilRing, pass: Pass): StatusFacts {
  const { facts, progress, desired, heldRound, generation, epoch } = pass;
  const { spec, plan } = desired;
  const round = Math.max(progress.round(), heldRound);
  const result = progress.result();
  // After an operator restart the reports are read again; until then the held figures stand.
  const accuracy =
    result !== undefined && result.round >= heldRound
      ? { mean: result.honestAccuracyMean, min: result.honestAccuracyMin }
      : heldAccuracy(ring, heldRound);
  const name = ring.metadata?.name ?? '';
  const assignments = plan.order.map((_, position) => ({
    position,
    pod: podName(name, position),
    role: roleAt(plan, position),
  }));
  return {
    situation: situationOf(facts, spec, round),
    generation,
    epoch,
    round,
    ...(accuracy === undefined ? {} : { honestAccuracy: accuracy }),
    assignments,
  };
}

function situationOf(facts: RunFacts, spec: RingSpec, round: number): Situation {
  switch (facts.kind) {
    case 'waiting':
      return situations.waitingForPods(facts.ready, spec.nodes);
    case 'configuring':
      return situations.configuring(facts.configured, spec.nodes);
    case 'finished':
      return situations.succeeded(spec.rounds);
    case 'failed':
      return situations.nodeFailed(facts.position, facts.error);
    case 'running':
      return situations.running(round, spec.rounds, trouble(facts, round));
  }
}

function trouble(facts: RunningFacts, round: number): ConditionState | undefined {
  if (facts.notReady.length > 0) {
    const message = `pods not ready, their turns time out: ${facts.notReady.join(', ')}`;
    return { status: 'True', reason: 'PodNotReady', message };
  }
  if (facts.reconfigured.length > 0) {
    const pods = facts.reconfigured.join(', ');
    const message = `pods restarted and were re-configured to resume after round ${round}: ${pods}`;
    return { status: 'True', reason: 'NodeRestarted', message };
  }
  return undefined;
}

function heldAccuracy(ring: BasilRing, heldRound: number) {
  const { honestAccuracyMean: mean, honestAccuracyMin: min } = ring.status ?? {};
  if (heldRound === 0 || mean === undefined || min === undefined) return undefined;
  return { mean, min };
}
