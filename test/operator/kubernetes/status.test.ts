import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  nextStatus,
  sameStatus,
  situations,
} from '../../../services/operator/src/kubernetes/status.js';

const T0 = new Date('2030-01-01T00:00:00.000Z');
const T1 = new Date('2030-01-01T00:05:00.000Z');

const transitions = (status: ReturnType<typeof nextStatus>) =>
  Object.fromEntries((status.conditions ?? []).map((c) => [c.type, c.lastTransitionTime]));

describe('ring status', () => {
  it('keeps a condition transition time while its status stays the same', () => {
    const first = nextStatus(
      undefined,
      { situation: situations.running(1, 5), generation: 1, epoch: 1 },
      T0,
    );
    const later = nextStatus(
      first,
      { situation: situations.running(2, 5), generation: 1, epoch: 1 },
      T1,
    );

    assert.deepEqual(transitions(later), {
      Available: T0.toISOString(),
      Progressing: T0.toISOString(),
      Degraded: T0.toISOString(),
    });
    assert.equal(later.conditions?.[1]?.message, 'round 2 of 5 complete');
  });

  it('moves the transition time of a condition whose status flips', () => {
    const running = nextStatus(
      undefined,
      { situation: situations.running(1, 5), generation: 1, epoch: 1 },
      T0,
    );
    const failed = nextStatus(
      running,
      { situation: situations.nodeFailed(2, 'out of memory'), generation: 1, epoch: 1 },
      T1,
    );

    assert.deepEqual(transitions(failed), {
      Available: T1.toISOString(),
      Progressing: T1.toISOString(),
      Degraded: T1.toISOString(),
    });
    assert.deepEqual(failed.conditions?.[2], {
      type: 'Degraded',
      status: 'True',
      reason: 'NodeFailed',
      message: 'node at position 2 failed: out of memory',
      lastTransitionTime: T1.toISOString(),
      observedGeneration: 1,
    });
  });

  it('leaves out an accuracy that is not a number', () => {
    const status = nextStatus(
      undefined,
      {
        situation: situations.running(1, 5),
        generation: 3,
        epoch: 2,
        round: 1,
        honestAccuracy: { mean: Number.NaN, min: Number.NaN },
      },
      T0,
    );

    assert.equal('honestAccuracyMean' in status, false);
    assert.deepEqual(
      { phase: status.phase, observedGeneration: status.observedGeneration, epoch: status.epoch },
      { phase: 'Running', observedGeneration: 3, epoch: 2 },
    );
  });

  it('compares statuses whatever the order of their keys', () => {
    assert.equal(sameStatus({ phase: 'Running', round: 2 }, { round: 2, phase: 'Running' }), true);
    assert.equal(sameStatus({ phase: 'Running', round: 2 }, { phase: 'Running', round: 3 }), false);
    assert.equal(sameStatus(undefined, {}), true);
  });
});
