import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  AcdsProtocolError,
  type AcdsLayout,
  type Envelope,
} from '../../../services/core/src/acds/messages.js';
import {
  createParticipant,
  phaseOf,
  startAcds,
  stepAcds,
  type ParticipantState,
} from '../../../services/core/src/acds/participant.js';
import { withoutDummies } from '../../../services/core/src/acds/share-set.js';
import { concat, countOf, pick, type Samples } from '../../../services/core/src/data/samples.js';

// Samples are [value]; the layout is two groups: anchor 0 with members 1 and 2, anchor 3 with 4, 5.
const layout: AcdsLayout = {
  groups: [
    [0, 1, 2],
    [3, 4, 5],
  ],
};

const samplesOf = (...values: number[]): Samples => ({
  sampleShape: [1],
  classes: 10,
  x: Float32Array.from(values),
  y: Uint8Array.from(values.map((v) => v % 10)),
});

const valuesOf = (samples: Samples): number[] => [...samples.x].sort((a, b) => a - b);

function participant(node: number, batches: number[][]): ParticipantState {
  return createParticipant({
    node,
    layout,
    seed: 3,
    batches: batches.map((b) => samplesOf(...b)),
    dummySource: samplesOf(...[0, 10, 20, 30, 40, 50].map((v) => 900 + v + node)),
  });
}

const shareSet = (from: number, to: number, pass: number, samples: Samples): Envelope => ({
  from,
  to,
  message: { kind: 'share-set', group: 0, pass, samples },
});

describe('ACDS participant', () => {
  it('opens pass 1 at the anchor with dummies only, as many as its largest batch', () => {
    const { outgoing } = startAcds(participant(0, [[1, 2], [3]]));

    assert.equal(outgoing.length, 1);
    assert.equal(outgoing[0]?.to, 1);
    const sent = outgoing[0]?.message.samples as Samples;
    assert.equal(countOf(sent), 2);
    assert.ok(valuesOf(sent).every((v) => v >= 900));
  });

  it('draws fewer dummies when its unshared samples cannot fill H passes without repeats', () => {
    const anchor = { ...participant(0, [[1, 2], [3]]), dummySource: samplesOf(900, 910, 920) };
    const sent = startAcds(anchor).outgoing[0]?.message.samples as Samples;
    assert.equal(countOf(sent), 1, 'floor(3 unshared / 2 passes)');
  });

  it('lets members wait at the start', () => {
    assert.deepEqual(startAcds(participant(1, [[10]])).outgoing, []);
  });

  it('adds the member batch of the pass and forwards the set to the next node', () => {
    const step = stepAcds(participant(2, [[20], [21]]), shareSet(1, 2, 1, samplesOf(900, 10)));

    assert.equal(step.outgoing[0]?.to, 0, 'the last member sends back to the anchor');
    assert.deepEqual(valuesOf(step.outgoing[0]?.message.samples as Samples), [10, 20, 900]);
    assert.equal(step.state.passesDone, 1);
    assert.equal(phaseOf(step.state), 'passing');
  });

  const refusals = [
    {
      why: 'a set from a node that is not the predecessor',
      envelope: shareSet(0, 2, 1, samplesOf(1)),
    },
    { why: 'a set for a pass out of order', envelope: shareSet(1, 2, 2, samplesOf(1)) },
    {
      why: 'a pool between anchors sent to a member',
      envelope: {
        from: 3,
        to: 2,
        message: { kind: 'anchor-pool', origin: 1, samples: samplesOf(1) },
      },
    },
    { why: 'a message addressed to another node', envelope: shareSet(1, 4, 1, samplesOf(1)) },
  ] as const;
  for (const r of refusals) {
    it(`refuses ${r.why}`, () => {
      assert.throws(() => stepAcds(participant(2, [[20]]), r.envelope), AcdsProtocolError);
    });
  }

  it('refuses its own group pool coming back between anchors', () => {
    const anchor = participant(0, [[1]]);
    const envelope: Envelope = {
      from: 3,
      to: 0,
      message: { kind: 'anchor-pool', origin: 0, samples: samplesOf(1) },
    };
    assert.throws(() => stepAcds(anchor, envelope), /unexpected pool of group 0/);
  });

  it('removes the dummies when the last pass returns, then hands the pool on', () => {
    const started = startAcds(participant(0, [[1]]));
    const opening = started.outgoing[0]?.message.samples as Samples;
    const returned = concat([opening, samplesOf(10, 20)]);
    const step = stepAcds(started.state, shareSet(2, 0, 1, returned));

    const kinds = step.outgoing.map((o) => [o.message.kind, o.to]);
    assert.deepEqual(kinds, [
      ['group-pool', 1],
      ['anchor-pool', 3],
    ]);
    assert.deepEqual(valuesOf(step.outgoing[0]?.message.samples as Samples), [1, 10, 20]);
    assert.equal(phaseOf(step.state), 'exchanging');
  });

  it('hands a foreign pool to its members, and on unless the next anchor is its origin', () => {
    const anchor = { ...participant(3, [[30]]), passesDone: 1 };
    const envelope: Envelope = {
      from: 0,
      to: 3,
      message: { kind: 'anchor-pool', origin: 0, samples: samplesOf(1, 10) },
    };
    const step = stepAcds(anchor, envelope);

    assert.deepEqual(
      step.outgoing.map((o) => [o.message.kind, o.to]),
      [['group-pool', 4]],
    );
    assert.throws(() => stepAcds(step.state, envelope), /arrived twice/);
  });
});

describe('withoutDummies', () => {
  it('removes one copy of each dummy and keeps equal-looking shared samples', () => {
    const set = samplesOf(5, 7, 7, 9);
    assert.deepEqual(valuesOf(withoutDummies(set, samplesOf(7, 9), 0)), [5, 7]);
  });

  it('fails when a dummy did not come back', () => {
    const set = samplesOf(5, 7);
    assert.throws(
      () => withoutDummies(set, pick(samplesOf(7, 8), [0, 1]), 0),
      /1 dummy samples did not come back/,
    );
  });
});
