import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import {
  coordinateMedian,
  firstPositions,
  groupMemoryOf,
  groupSpans,
  lastPositions,
  mergeAtReceiver,
  runningAverage,
  trimmedMean,
  type AggregateMessage,
} from '../../../services/core/src/basil/plus.js';
import { bundledMnist } from '../../../services/core/src/data/bundled.js';
import { pick, type Samples } from '../../../services/core/src/data/samples.js';
import { initBackend } from '../../../services/core/src/model/backend.js';
import { sgd } from '../../../services/core/src/model/learner.js';
import { flatten, mapWeights, type Weights } from '../../../services/core/src/model/weights.js';
import { initialWeights, modelDef } from '../../../services/core/src/model/zoo.js';
import type { PlusSpec } from '../../../services/core/src/spec/schema.js';
import { parseRingSpec, SpecError } from '../../../services/core/src/spec/validate.js';

/** A hand-made model of two tensors, [a, b] and [c]. */
const modelOf = (a: number, b: number, c: number): Weights => [
  { name: 'w', shape: [2], dtype: 'float32', values: Float32Array.from([a, b]) },
  { name: 'b', shape: [1], dtype: 'float32', values: Float32Array.from([c]) },
];

const valuesOf = (weights: Weights): number[] => [...flatten(weights)];

describe('groupSpans', () => {
  const cases = [
    {
      nodes: 10,
      groups: 3,
      spans: [
        [0, 3],
        [3, 3],
        [6, 4],
      ],
      why: 'the remainder goes last',
    },
    {
      nodes: 8,
      groups: 2,
      spans: [
        [0, 4],
        [4, 4],
      ],
      why: 'even split',
    },
    {
      nodes: 11,
      groups: 4,
      spans: [
        [0, 2],
        [2, 3],
        [5, 3],
        [8, 3],
      ],
      why: 'sizes differ by one',
    },
    { nodes: 5, groups: 1, spans: [[0, 5]], why: 'one group is the ring' },
  ];
  for (const c of cases) {
    it(`cuts ${c.nodes} positions into ${c.groups} groups (${c.why})`, () => {
      const spans = groupSpans(c.nodes, c.groups).map((s) => [s.start, s.size]);
      assert.deepEqual(spans, c.spans);
    });
  }

  it('refuses more groups than positions', () => {
    assert.throws(() => groupSpans(3, 4), /groups must be in \[1, 3\], got 4/);
  });

  it('names the first and last S positions of a group, and its memory size', () => {
    const span = { start: 6, size: 4 };
    assert.deepEqual(firstPositions(span, 2), [6, 7]);
    assert.deepEqual(lastPositions(span, 2), [9, 8]);
    assert.equal(groupMemoryOf(3, 4), 3);
    assert.equal(groupMemoryOf(3, 3), 2, 'a group of S keeps S - 1 models, never its own');
  });
});

describe('cross-group aggregation rules', () => {
  it('weighs the incoming aggregate (k-1)/k and the own group 1/k', () => {
    const merged = runningAverage(modelOf(1, 2, 3), modelOf(4, 8, 0), 3);
    assert.deepEqual(valuesOf(merged), [2, 4, 2]);
  });

  it('ends one pass with the plain mean of the group models', () => {
    const groups = [modelOf(1, 0, 9), modelOf(2, 4, 3), modelOf(6, 2, 0), modelOf(3, 2, 4)];
    let aggregate = groups[0] as Weights;
    groups.slice(1).forEach((own, i) => (aggregate = runningAverage(aggregate, own, i + 2)));
    assert.deepEqual(valuesOf(aggregate), [3, 2, 4]);
  });

  it('takes the coordinate-wise median, the middle pair averaged for an even count', () => {
    const odd = [modelOf(1, 9, 0), modelOf(5, 1, 100), modelOf(3, 4, -7)];
    assert.deepEqual(valuesOf(coordinateMedian(odd)), [3, 4, 0]);
    assert.deepEqual(valuesOf(coordinateMedian([...odd, modelOf(7, 2, 2)])), [4, 3, 1]);
  });

  it('cuts floor(fraction * count) values at each end before averaging', () => {
    const models = [
      modelOf(1, 10, 0),
      modelOf(2, 20, 0),
      modelOf(3, 30, 0),
      modelOf(4, 40, 0),
      modelOf(100, -500, 5),
    ];
    assert.deepEqual(valuesOf(trimmedMean(models, 0.2)), [3, 20, 0]);
    assert.deepEqual(valuesOf(trimmedMean(models, 0.1)), [22, -80, 1], 'floor(0.5) cuts none');
  });

  it('keeps names and shapes of the group models', () => {
    const merged = coordinateMedian([modelOf(1, 2, 3), modelOf(3, 2, 1)]);
    assert.deepEqual(
      merged.map((t) => [t.name, t.shape]),
      [
        ['w', [2]],
        ['b', [1]],
      ],
    );
  });
});

describe('mergeAtReceiver', () => {
  const model = modelDef('mnist-mlp');
  const initial = initialWeights(model, 1);
  const plusOf = (aggregator: PlusSpec['aggregator']): PlusSpec => ({
    groups: 2,
    roundsPerGlobalRound: 1,
    aggregator,
    trimFraction: 0.1,
  });
  let batch: Samples;
  let trained: Weights;
  let own: Weights;

  before(async () => {
    await initBackend();
    const digits = await bundledMnist();
    batch = pick(
      digits,
      Array.from({ length: 64 }, (_, i) => i * 150),
    );
    trained = sgd(model, initial, [batch, batch, batch], 0.1);
    own = mapWeights(initial, (v) => v / 2);
  });

  const message = (senderPosition: number, aggregate: Weights, groupModels: Weights[] = []) =>
    ({ senderPosition, aggregate, groupModels }) satisfies AggregateMessage;

  it('selects the incoming aggregate with the lowest loss and averages its own group in', () => {
    const incoming = [message(4, initial), message(5, trained)];
    const merge = mergeAtReceiver({
      model,
      plus: plusOf('select-average'),
      receiverPosition: 8,
      incoming,
      own,
      k: 3,
      batch,
    });

    assert.equal(merge.chosenSender, 5);
    assert.equal(merge.message.senderPosition, 8);
    assert.deepEqual(flatten(merge.message.aggregate), flatten(runningAverage(trained, own, 3)));
  });

  it('never selects a non-finite aggregate', () => {
    const broken = mapWeights(trained, () => Number.NaN);
    const merge = mergeAtReceiver({
      model,
      plus: plusOf('select-average'),
      receiverPosition: 8,
      incoming: [message(4, broken), message(5, initial)],
      own,
      k: 2,
      batch,
    });
    assert.equal(merge.chosenSender, 5);
  });

  it('under median, scores the carried group models, not the aggregate a sender claims', () => {
    const poisoned = message(4, trained, [mapWeights(trained, (v) => -10 * v)]);
    const honest = message(5, initial, [initial]);
    const merge = mergeAtReceiver({
      model,
      plus: plusOf('median'),
      receiverPosition: 8,
      incoming: [poisoned, honest],
      own,
      k: 2,
      batch,
    });

    assert.equal(merge.chosenSender, 5);
    assert.equal(merge.message.groupModels.length, 2);
    assert.deepEqual(flatten(merge.message.aggregate), flatten(runningAverage(initial, own, 2)));
  });

  it('falls back to its own group model when nothing valid arrived', () => {
    const broken = mapWeights(trained, () => Number.NaN);
    const merge = mergeAtReceiver({
      model,
      plus: plusOf('trimmed-mean'),
      receiverPosition: 8,
      incoming: [message(4, broken, [broken])],
      own,
      k: 2,
      batch,
    });
    assert.equal(merge.chosenSender, undefined);
    assert.equal(merge.message.aggregate, own);
  });
});

describe('Basil+ spec fields', () => {
  it('defaults to one group, which is plain Basil', () => {
    const { plus } = parseRingSpec({});
    assert.deepEqual(plus, {
      groups: 1,
      roundsPerGlobalRound: 1,
      aggregator: 'select-average',
      trimFraction: 0.1,
    });
  });

  it('accepts uneven groups as long as the smallest holds S models', () => {
    const spec = parseRingSpec({ nodes: 11, byzantine: { count: 1 }, plus: { groups: 4 } });
    assert.equal(spec.plus.groups, 4);
  });

  const rejected = [
    {
      input: { nodes: 10, byzantine: { count: 3 }, plus: { groups: 3 } },
      message: 'plus.groups: 3 groups of 10 nodes leave 3 per group, below max(2, memory S = 4)',
    },
    {
      input: { nodes: 5, plus: { groups: 5 } },
      message: 'plus.groups: 5 groups of 5 nodes leave 1 per group, below max(2, memory S = 1)',
    },
    {
      input: { nodes: 8, method: 'r-plain', plus: { groups: 2 } },
      message: 'plus.groups: Basil+ needs method "basil", got "r-plain" with 2',
    },
    { input: { plus: { trimFraction: 0.5 } }, message: 'plus.trimFraction' },
    { input: { plus: { aggregator: 'mean' } }, message: 'plus.aggregator' },
  ];
  for (const r of rejected) {
    it(`rejects ${JSON.stringify(r.input.plus)} on ${r.input.nodes ?? 8} nodes`, () => {
      assert.throws(
        () => parseRingSpec(r.input),
        (error) => error instanceof SpecError && error.issues.some((i) => i.includes(r.message)),
      );
    });
  }
});
