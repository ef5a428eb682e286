// A ring's status from what reconcile found: the phase and the Available, Progressing and
// Degraded conditions with their reasons. Pure; a condition keeps its lastTransitionTime while
// its status stays the same, so an unchanged ring yields an identical status and no write.
import type { ConditionType, PodAssignment, RingCondition, RingPhase, RingStatus } from './ring.js';

/** One condition as decided, before times and generations are attached. */
export interface ConditionState {
  readonly status: 'True' | 'False';
  readonly reason: string;
  readonly message: string;
}

/** A phase and the three conditions that explain it. */
export interface Situation {
  readonly phase: RingPhase;
  readonly conditions: Readonly<Record<ConditionType, ConditionState>>;
}

const healthy: ConditionState = { status: 'False', reason: 'AsExpected', message: '' };

const state = (status: 'True' | 'False', reason: string, message: string): ConditionState => ({
  status,
  reason,
  message,
});

/** The situations a ring can be in. */
export const situations = {
  invalid(reason: 'InvalidSpec' | 'InvalidName', message: string): Situation {
    const stopped = state('False', reason, 'the ring cannot run until its spec is fixed');
    return {
      phase: 'Failed',
      conditions: {
        Available: stopped,
        Progressing: stopped,
        Degraded: state('True', reason, message),
      },
    };
  },

  waitingForPods(ready: number, nodes: number): Situation {
    const message = `${ready} of ${nodes} pods are running and ready`;
    return {
      phase: 'Pending',
      conditions: {
        Available: state('False', 'PodsNotReady', message),
        Progressing: state('True', 'WaitingForPods', message),
        Degraded: healthy,
      },
    };
  },

  configuring(configured: number, nodes: number): Situation {
    const message = `${configured} of ${nodes} nodes are configured`;
    return {
      phase: 'Configuring',
      conditions: {
        Available: state('False', 'Configuring', message),
        Progressing: state('True', 'Configuring', message),
        Degraded: healthy,
      },
    };
  },

  running(round: number, rounds: number, trouble?: ConditionState): Situation {
    return {
      phase: 'Running',
      conditions: {
        Available: state('True', 'RingRunning', 'every position has been configured and started'),
        Progressing: state('True', 'Training', `round ${round} of ${rounds} complete`),
        Degraded: trouble ?? healthy,
      },
    };
  },

  succeeded(rounds: number): Situation {
    const done = state('False', 'RunSucceeded', `all ${rounds} rounds complete`);
    return {
      phase: 'Succeeded',
      conditions: {
        Available: state('True', 'RunSucceeded', `all ${rounds} rounds complete`),
        Progressing: done,
        Degraded: healthy,
      },
    };
  },

  nodeFailed(position: number, error: string): Situation {
    const message = `node at position ${position} failed: ${error || 'no detail given'}`;
    return {
      phase: 'Failed',
      conditions: {
        Available: state('False', 'NodeFailed', message),
        Progressing: state('False', 'NodeFailed', message),
        Degraded: state('True', 'NodeFailed', message),
      },
    };
  },
};

/** Everything a status is made of. */
export interface StatusFacts {
  readonly situation: Situation;
  readonly generation: number;
  readonly epoch: number;
  readonly round?: number;
  readonly honestAccuracy?: { readonly mean: number; readonly min: number };
  readonly assignments?: readonly PodAssignment[];
}

const CONDITION_TYPES: readonly ConditionType[] = ['Available', 'Progressing', 'Degraded'];

/** The status to write, given the one the ring holds now. */
export function nextStatus(
  previous: RingStatus | undefined,
  facts: StatusFacts,
  now: Date,
): RingStatus {
  const { situation, generation, epoch, round, honestAccuracy, assignments } = facts;
  const conditions = CONDITION_TYPES.map((type): RingCondition => {
    const wanted = situation.conditions[type];
    const held = previous?.conditions?.find((c) => c.type === type);
    const since = held?.status === wanted.status ? held.lastTransitionTime : now.toISOString();
    return { type, ...wanted, lastTransitionTime: since, observedGeneration: generation };
  });
  return {
    phase: situation.phase,
    observedGeneration: generation,
    epoch,
    ...(round === undefined ? {} : { round }),
    // JSON has no NaN: a round without honest reports leaves the accuracy out.
    ...(honestAccuracy !== undefined && Number.isFinite(honestAccuracy.mean)
      ? { honestAccuracyMean: honestAccuracy.mean, honestAccuracyMin: honestAccuracy.min }
      : {}),
    ...(assignments === undefined ? {} : { assignments: [...assignments] }),
    conditions,
  };
}

/** Whether two statuses say the same, whatever the order of their keys. */
export function sameStatus(a: RingStatus | undefined, b: RingStatus | undefined): boolean {
  return canonical(a ?? {}) === canonical(b ?? {});
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
