import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WeightsError, type Weights } from '../../services/core/src/model/weights.js';
import { initialWeights, modelDef } from '../../services/core/src/model/zoo.js';
import type { ModelEnvelope, Tensor__Output } from '../../services/protocol/src/messages.js';
import { basilV1 } from '../../services/protocol/src/load.js';
import {
  decodeTensors,
  encodeWeights,
  ENVELOPE_ALLOWANCE_BYTES,
  envelopeBytes,
  maxMessageBytes,
} from '../../services/protocol/src/tensors.js';

const weights: Weights = [
  {
    name: 'w',
    shape: [2, 3],
    dtype: 'float32',
    values: Float32Array.of(1, -2, 0.5, 1e-30, 3e38, 0),
  },
  { name: 'b', shape: [3], dtype: 'float32', values: Float32Array.of(0.25, -0, 7) },
];

/** What the wire hands a receiver: the envelope serialized and parsed again by gRPC's codec. */
function overTheWire(envelope: ModelEnvelope) {
  const method = basilV1().RingNode.service.PushModel;
  const bytes = method.requestSerialize(envelope);
  return { bytes: bytes.length, decoded: method.requestDeserialize(bytes) };
}

const tensor = (overrides: Partial<Tensor__Output>): Tensor__Output => ({
  name: 'b',
  shape: [3],
  dtype: 'DTYPE_FLOAT32',
  data: Buffer.alloc(12),
  ...overrides,
});

describe('tensor codec', () => {
  it('gives back the same names, shapes and bits after a trip over the wire', () => {
    const { decoded } = overTheWire({ tensors: encodeWeights(weights) });

    const back = decodeTensors(decoded.tensors);

    assert.deepEqual(
      back.map((t) => [t.name, t.shape, t.dtype, [...t.values]]),
      weights.map((t) => [t.name, t.shape, t.dtype, [...t.values]]),
    );
    assert.ok(Object.is(back[1]?.values[1], -0));
  });

  it('writes float32 values little-endian', () => {
    const [encoded] = encodeWeights([
      { name: 'x', shape: [1], dtype: 'float32', values: Float32Array.of(1) },
    ]);

    assert.deepEqual([...(encoded?.data as Buffer)], [0x00, 0x00, 0x80, 0x3f]);
  });

  it('decodes data that starts at an offset that is not 4-aligned', () => {
    const backing = Buffer.alloc(13);
    backing.writeFloatLE(2.5, 1);
    const data = backing.subarray(1, 5);

    const [decoded] = decodeTensors([tensor({ name: 'x', shape: [1], data })]);

    assert.deepEqual([...(decoded?.values ?? [])], [2.5]);
  });

  const malformed: [string, Partial<Tensor__Output>, string][] = [
    ['a byte count that is not the shape', { data: Buffer.alloc(11) }, 'wrong-size'],
    ['a byte count for another shape', { shape: [4] }, 'wrong-size'],
    ['an unspecified dtype', { dtype: 'DTYPE_UNSPECIFIED' }, 'wrong-dtype'],
    ['an unknown dtype number', { dtype: 7 as unknown as 'DTYPE_FLOAT32' }, 'wrong-dtype'],
  ];
  for (const [what, overrides, problem] of malformed) {
    it(`rejects ${what} as ${problem}`, () => {
      assert.throws(
        () => decodeTensors([tensor(overrides)]),
        (error: unknown) => error instanceof WeightsError && error.problem === problem,
      );
    });
  }
});

describe('message size', () => {
  const tensors = encodeWeights(initialWeights(modelDef('mnist-mlp'), 1));
  const envelopes: [string, ModelEnvelope][] = [
    [
      'every field set',
      {
        ringId: 'ring-a',
        epoch: 300,
        round: 2,
        senderPosition: 3,
        senderId: 'basil-3',
        passesTurn: true,
        tensors,
      },
    ],
    [
      'fields set to their defaults',
      {
        ringId: '',
        epoch: 0,
        round: 0,
        senderPosition: 0,
        senderId: '',
        passesTurn: false,
        tensors,
      },
    ],
    ['fields left out', { round: 1 }],
  ];
  for (const [what, envelope] of envelopes) {
    it(`counts an envelope with ${what} exactly as gRPC serializes it`, () => {
      assert.equal(envelopeBytes(envelope), overTheWire(envelope).bytes);
    });
  }

  for (const model of ['mnist-mlp', 'mnist-cnn'] as const) {
    it(`allows a ${model} envelope plus ${ENVELOPE_ALLOWANCE_BYTES} bytes`, () => {
      const def = modelDef(model);
      const tensors = encodeWeights(initialWeights(def, 1));

      const modelOnly = overTheWire({ tensors }).bytes;

      assert.equal(maxMessageBytes(def.manifest), modelOnly + ENVELOPE_ALLOWANCE_BYTES);
    });
  }

  it('leaves room for ring and sender ids of 253 bytes and the largest scalars', () => {
    const tensors = encodeWeights(initialWeights(modelDef('mnist-mlp'), 1));
    const largest: ModelEnvelope = {
      ringId: 'r'.repeat(253),
      epoch: Number.MAX_SAFE_INTEGER,
      round: 2 ** 32 - 1,
      senderPosition: 2 ** 32 - 1,
      senderId: 's'.repeat(253),
      passesTurn: true,
      tensors,
    };

    assert.ok(overTheWire(largest).bytes <= maxMessageBytes(modelDef('mnist-mlp').manifest));
  });
});
