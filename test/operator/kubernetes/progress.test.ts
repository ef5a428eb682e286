import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RingProgress } from '../../../services/operator/src/kubernetes/progress.js';
import { nodeStatus } from '../node-status.js';

type Status = Parameters<RingProgress['apply']>[1];

/** A status with no turn reports and the given aggregate scores. */
function statusWith(aggregates: [round: number, accuracy: number][]): Status {
  const scored = aggregates.map(([round, accuracy]) => ({
    round,
    score: { accuracy, loss: 1 },
    chosenSender: 0,
  }));
  return nodeStatus({ aggregates: scored });
}

describe('ring progress, Basil+ aggregates', () => {
  it("gives the latest round's mean over the holders that scored it", () => {
    // Six nodes; positions 3 and 4 hold the final aggregate.
    const progress = new RingProgress(6, [], [3, 4]);
    assert.equal(progress.aggregate(), undefined);
    progress.apply(3, statusWith([[1, 0.5]]));
    progress.apply(4, statusWith([[1, 0.75]]));
    assert.deepEqual(progress.aggregate(), { round: 1, accuracy: 0.625 });
    progress.apply(
      3,
      statusWith([
        [1, 0.5],
        [2, 0.875],
      ]),
    );
    assert.deepEqual(progress.aggregate(), { round: 2, accuracy: 0.875 });
  });

  it('ignores aggregates from a position that does not hold them', () => {
    const progress = new RingProgress(6, [4], [3]);
    progress.apply(4, statusWith([[1, 0.1]]));
    assert.equal(progress.aggregate(), undefined);
  });
});
