import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { Memory } from '../../../services/core/src/basil/memory.js';
import { successorsOf } from '../../../services/core/src/basil/plan.js';
import { INITIAL_SENDER } from '../../../services/core/src/basil/selection.js';
import { takeTurn, type TurnContext } from '../../../services/core/src/basil/turn.js';
import { bundledMnist } from '../../../services/core/src/data/bundled.js';
import { pick, type Samples } from '../../../services/core/src/data/samples.js';
import { initBackend } from '../../../services/core/src/model/backend.js';
import { flatten, type Weights } from '../../../services/core/src/model/weights.js';
import { initialWeights, modelDef } from '../../../services/core/src/model/zoo.js';
import type { RingSpec, RingSpecInput } from '../../../services/core/src/spec/schema.js';
import { parseRingSpec } from '../../../services/core/src/spec/validate.js';

const NODES = 4;
const BYZANTINE_POSITION = 2;
const model = modelDef('mnist-mlp');
const initial = initialWeights(model, 1);

const specOf = (attack: NonNullable<RingSpecInput['byzantine']>['attack']): RingSpec =>
  parseRingSpec({
    nodes: NODES,
    localSteps: 2,
    batchSize: 16,
    selectionBatchSize: 32,
    evalSamples: 200,
    byzantine: { count: 1, placement: 'explicit', positions: [BYZANTINE_POSITION], attack },
  });

const layout = (weights: Weights) => weights.map((t) => [t.name, [...t.shape], t.dtype]);

describe('takeTurn', () => {
  let partitions: Samples[];
  let test: Samples;

  before(async () => {
    await initBackend();
    const digits = await bundledMnist();
    // The digits are grouped by label; strides spread every node's share over all ten labels.
    partitions = Array.from({ length: NODES }, (_, node) =>
      pick(
        digits,
        Array.from({ length: 250 }, (_, i) => i * 40 + node),
      ),
    );
    test = pick(
      digits,
      Array.from({ length: 250 }, (_, i) => i * 40 + 20),
    );
  });

  const contextOf = (spec: RingSpec, position: number, data?: Samples): TurnContext => ({
    spec,
    model,
    position,
    nodeId: position,
    byzantine: spec.byzantine.positions.includes(position),
    colluders: spec.byzantine.positions.includes(position) ? spec.byzantine.positions : [],
    data: data ?? (partitions[position] as Samples),
    test,
    initial,
  });

  /** Runs `turns` turns around a fresh ring and returns the memories it leaves. */
  function runRing(spec: RingSpec, turns: number): Memory[] {
    const memories = Array.from({ length: NODES }, (_, p) => new Memory(p, spec.memory, NODES));
    for (let turn = 0; turn < turns; turn++) {
      const position = turn % NODES;
      const round = Math.floor(turn / NODES) + 1;
      const outcome = takeTurn(contextOf(spec, position), memories[position] as Memory, round);
      for (const successor of successorsOf(position, spec.memory, NODES)) {
        const stored = { senderPosition: position, round, weights: outcome.outgoing };
        assert.equal(memories[successor]?.store(stored), undefined);
      }
    }
    return memories;
  }

  it('leaves the tensor count unchanged over 50 turns', () => {
    const spec = specOf({ name: 'gaussian' });
    const before = tf.memory().numTensors;

    runRing(spec, 50);

    assert.equal(tf.memory().numTensors, before);
  });

  it('is deterministic: the same inputs give identical outgoing weights', () => {
    const spec = specOf({ name: 'gaussian' });
    const memories = runRing(spec, 5); // position 1 now holds models of round 2 and round 1
    const ctx = contextOf(spec, 1);

    const first = takeTurn(ctx, memories[1] as Memory, 2);
    const second = takeTurn(ctx, memories[1] as Memory, 2);

    assert.equal(first.selectedSender, second.selectedSender);
    assert.deepEqual(layout(second.outgoing), layout(first.outgoing));
    assert.deepEqual(flatten(second.outgoing), flatten(first.outgoing));
    assert.deepEqual(second.report, first.report);
  });

  it('starts round 1 from the common initial model', () => {
    const outcome = takeTurn(contextOf(specOf({}), 0), new Memory(0, 2, NODES), 1);

    assert.equal(outcome.selectedSender, INITIAL_SENDER);
    assert.equal(outcome.selectedRound, 0);
    assert.notDeepEqual(flatten(outcome.trained), flatten(initial));
  });

  it('sends what an honest node trained', () => {
    const outcome = takeTurn(contextOf(specOf({}), 1), new Memory(1, 2, NODES), 1);

    assert.equal(outcome.outgoing, outcome.trained);
    assert.ok(outcome.report !== undefined);
  });

  it('has a Byzantine gaussian node send noise in place of its trained model', () => {
    const spec = specOf({ name: 'gaussian', mean: 0, std: 1 });
    const memory = new Memory(BYZANTINE_POSITION, 2, NODES);

    const outcome = takeTurn(contextOf(spec, BYZANTINE_POSITION), memory, 1);

    assert.deepEqual(layout(outcome.outgoing), layout(outcome.trained));
    const sent = flatten(outcome.outgoing);
    const trained = flatten(outcome.trained);
    assert.ok(sent.every((v, i) => v !== trained[i]));
    assert.equal(outcome.report, undefined);
  });

  it('has a label-flip node train exactly as an honest node would on labels C-1-y', () => {
    const spec = specOf({ name: 'label-flip' });
    const data = partitions[BYZANTINE_POSITION] as Samples;
    const flipped = { ...data, y: data.y.map((label) => data.classes - 1 - label) };
    const liar = contextOf(spec, BYZANTINE_POSITION);
    const honestOnFlipped = { ...liar, byzantine: false, colluders: [], data: flipped };
    const honestOnTrue = { ...honestOnFlipped, data };
    const fresh = () => new Memory(BYZANTINE_POSITION, 2, NODES);

    const lie = takeTurn(liar, fresh(), 1);

    assert.deepEqual(flatten(lie.outgoing), flatten(takeTurn(honestOnFlipped, fresh(), 1).trained));
    assert.notDeepEqual(flatten(lie.outgoing), flatten(takeTurn(honestOnTrue, fresh(), 1).trained));
  });
});
