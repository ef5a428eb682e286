import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Memory, turnIndex, type StoredModel } from '../../../services/core/src/basil/memory.js';
import type { Weights } from '../../../services/core/src/model/weights.js';

/** A one-value model whose value tells the models apart. */
const weightsOf = (value: number): Weights => [
  { name: 'w', shape: [1], dtype: 'float32', values: Float32Array.from([value]) },
];

const model = (senderPosition: number, round: number, value = 0): StoredModel => ({
  senderPosition,
  round,
  weights: weightsOf(value),
});

const senders = (memory: Memory) => memory.models().map((m) => [m.senderPosition, m.round]);

describe('memory', () => {
  it('keeps one model per predecessor, the latest round replacing the earlier', () => {
    const memory = new Memory(3, 2, 6);

    assert.equal(memory.store(model(2, 1, 10)), undefined);
    assert.equal(memory.store(model(1, 1, 20)), undefined);
    assert.equal(memory.store(model(2, 2, 30)), undefined);

    assert.equal(memory.size, 2);
    assert.deepEqual(senders(memory), [
      [2, 2],
      [1, 1],
    ]);
    assert.deepEqual(memory.models()[0]?.weights, weightsOf(30));
  });

  const notPredecessors = [
    { what: 'itself', sender: 3 },
    { what: 'its successor', sender: 4 },
    { what: 'a predecessor beyond S', sender: 0 },
  ];
  for (const { what, sender } of notPredecessors) {
    it(`refuses a model from ${what}`, () => {
      const memory = new Memory(3, 2, 6);

      assert.equal(memory.refusal(sender, 1), 'not-a-predecessor');
      assert.equal(memory.store(model(sender, 1)), 'not-a-predecessor');
      assert.equal(memory.size, 0);
    });
  }

  const staleRounds = [
    { what: 'a replay of the same round', round: 4 },
    { what: 'an older round', round: 3 },
  ];
  for (const { what, round } of staleRounds) {
    it(`refuses ${what} and keeps the model it holds`, () => {
      const memory = new Memory(3, 2, 6);
      memory.store(model(2, 4, 1));

      assert.equal(memory.store(model(2, round, 2)), 'stale-round');
      assert.deepEqual(memory.models(), [model(2, 4, 1)]);
    });
  }

  it('orders models most recent first across the ring wrap', () => {
    // Position 0 of 5 with S = 3: its predecessors 4, 3 and 2 all sent in round 6, before the
    // turn came round to 0 for round 7; the nearest one sent last.
    const memory = new Memory(0, 3, 5);
    memory.store(model(2, 6));
    memory.store(model(4, 6));
    memory.store(model(3, 6));

    assert.deepEqual(senders(memory), [
      [4, 6],
      [3, 6],
      [2, 6],
    ]);
  });

  it('ranks the predecessor past the wrap below one that sent in the next round', () => {
    // Position 1 of 5 with S = 2: position 0 sent in round 7 after position 4 sent in round 6.
    const memory = new Memory(1, 2, 5);
    memory.store(model(4, 6));
    memory.store(model(0, 7));

    assert.deepEqual(senders(memory), [
      [0, 7],
      [4, 6],
    ]);
  });

  it('puts an older model of the nearest predecessor after a newer one of a farther', () => {
    // Position 3 of 6: position 2 is still at round 1 while position 1 has reached round 2.
    const memory = new Memory(3, 2, 6);
    memory.store(model(2, 1));
    memory.store(model(1, 2));

    assert.deepEqual(senders(memory), [
      [1, 2],
      [2, 1],
    ]);
  });

  it('numbers turns so that position 0 of round r+1 follows position N-1 of round r', () => {
    assert.equal(turnIndex(1, 0, 5), 0);
    assert.equal(turnIndex(2, 4, 5), 9);
    assert.equal(turnIndex(3, 0, 5), 10);
  });

  describe('hasTurnFrom', () => {
    it('gives position 0 the first turn at once', () => {
      assert.equal(new Memory(0, 1, 4).hasTurnFrom(1), true);
    });

    it('gives position 0 the turn of round r once position N-1 sent round r-1', () => {
      const memory = new Memory(0, 2, 4);
      memory.store(model(2, 1));

      assert.equal(memory.hasTurnFrom(2), false);
      memory.store(model(3, 1));
      assert.equal(memory.hasTurnFrom(2), true);
      assert.equal(memory.hasTurnFrom(3), false);
    });

    it('gives other positions the turn of round r once p-1 sent round r', () => {
      const memory = new Memory(2, 2, 4);
      memory.store(model(0, 1));

      assert.equal(memory.hasTurnFrom(1), false);
      memory.store(model(1, 1));
      assert.equal(memory.hasTurnFrom(1), true);
      assert.equal(memory.hasTurnFrom(2), false);
    });
  });

  const badCapacities = [0, 4, 5];
  for (const capacity of badCapacities) {
    it(`rejects capacity ${capacity} on a ring of 4`, () => {
      assert.throws(() => new Memory(0, capacity, 4), {
        name: 'RangeError',
        message: `memory capacity must be in [1, 3], got ${capacity}`,
      });
    });
  }
});
