import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyFlags, UsageError } from '../../../services/cli/src/spec-input.js';
import { parseRingSpec, SpecError } from '../../../services/core/src/spec/validate.js';

describe('ACDS spec fields', () => {
  it('defaults to no sharing, 5% in groups of three, two batches per node', () => {
    assert.deepEqual(parseRingSpec({}).acds, {
      enabled: false,
      fraction: 0.05,
      groupSize: 3,
      batchesPerNode: 2,
    });
  });

  const rejected = [
    {
      input: { nodes: 4, acds: { enabled: true, groupSize: 5 } },
      message: 'acds.groupSize: must be at most nodes (4), got 5',
    },
    { input: { acds: { fraction: 1 } }, message: 'acds.fraction' },
    { input: { acds: { fraction: 0 } }, message: 'acds.fraction' },
    { input: { acds: { groupSize: 2 } }, message: 'acds.groupSize' },
    { input: { acds: { batchesPerNode: 0 } }, message: 'acds.batchesPerNode' },
  ];
  for (const r of rejected) {
    it(`rejects ${JSON.stringify(r.input.acds)}`, () => {
      assert.throws(
        () => parseRingSpec(r.input),
        (error) => error instanceof SpecError && error.issues.some((i) => i.startsWith(r.message)),
      );
    });
  }

  it('ignores the group size while sharing is off', () => {
    assert.equal(parseRingSpec({ nodes: 2, acds: { groupSize: 5 } }).acds.groupSize, 5);
  });
});

describe('the --acds-fraction and --groups flags', () => {
  it('turn sharing on with the fraction, and set the group count, over the file', () => {
    const file = { acds: { groupSize: 4 }, plus: { aggregator: 'median' } };
    const raw = applyFlags(file, { acdsFraction: '0.1', groups: '3' });

    assert.deepEqual(raw.acds, { groupSize: 4, enabled: true, fraction: 0.1 });
    assert.deepEqual(raw.plus, { aggregator: 'median', groups: 3 });
    assert.deepEqual(file.acds, { groupSize: 4 }, 'the file fields are not modified');
  });

  const bad = [
    { flags: { acdsFraction: 'five' }, message: '--acds-fraction: expected a number, got "five"' },
    { flags: { groups: '2.5' }, message: '--groups: expected an integer, got "2.5"' },
  ];
  for (const b of bad) {
    it(`refuses ${JSON.stringify(b.flags)}`, () => {
      assert.throws(() => applyFlags({}, b.flags), new UsageError(b.message));
    });
  }

  it('leave the range check to the spec', () => {
    const raw = applyFlags({}, { acdsFraction: '1.5' });
    assert.throws(() => parseRingSpec(raw), /acds\.fraction/);
  });
});
