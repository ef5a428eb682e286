import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { readCifar10 } from '../../../services/core/src/data/cifar.js';
import { cifarBatch as batch, dataError, TempFolders } from './fixtures.js';

const NOT_RECORDS =
  'is not a positive multiple of 3073 (1 label byte + 3072 pixel bytes per record)';

const folders = new TempFolders();
after(() => folders.removeAll());

interface BadFolder {
  name: string;
  files: Record<string, Uint8Array>;
  bad: string;
  problem: string;
}

describe('readCifar10', () => {
  it('reads the training batches present, in order, and the test batch', async () => {
    const folder = await folders.with({
      'data_batch_3.bin': batch([7, 8]),
      'data_batch_1.bin': batch([0, 9, 4]),
      'test_batch.bin': batch([2]),
    });

    const { train, test } = await readCifar10(folder);

    assert.deepEqual(train.y, Uint8Array.from([0, 9, 4, 7, 8]));
    assert.deepEqual(test.y, Uint8Array.from([2]));
    assert.deepEqual(train.sampleShape, [32, 32, 3]);
    assert.equal(train.classes, 10);
    assert.equal(train.x.length, 5 * 3072);
  });

  it('lays pixels out as height, width, channel, scaled to [0, 1]', async () => {
    const files = { 'data_batch_1.bin': batch([1, 1]), 'test_batch.bin': batch([3]) };
    const { train } = await readCifar10(await folders.with(files));
    const at = (record: number, row: number, col: number, channel: number) =>
      train.x[record * 3072 + (row * 32 + col) * 3 + channel];

    // Record 1, row 2, column 5: plane offset 69, so red 70, green 110, blue 150.
    assert.deepEqual(
      [at(1, 2, 5, 0), at(1, 2, 5, 1), at(1, 2, 5, 2)],
      [70, 110, 150].map((v) => Math.fround(v / 255)),
    );
    // Record 0, row 31, column 31: plane offset 1023, so blue (80 + 1023) mod 256 = 79.
    assert.equal(at(0, 31, 31, 2), Math.fround(79 / 255));
  });

  const cases: BadFolder[] = [
    {
      name: 'a batch whose length is not a multiple of 3073',
      files: {
        'data_batch_2.bin': batch([1, 2]).subarray(0, 6000),
        'test_batch.bin': batch([1]),
      },
      bad: 'data_batch_2.bin',
      problem: `length 6000 ${NOT_RECORDS}`,
    },
    {
      name: 'an empty batch',
      files: { 'data_batch_1.bin': batch([1]), 'test_batch.bin': new Uint8Array(0) },
      bad: 'test_batch.bin',
      problem: `length 0 ${NOT_RECORDS}`,
    },
    {
      name: 'a label above 9, naming the record',
      files: { 'data_batch_1.bin': batch([1, 10, 11]), 'test_batch.bin': batch([1]) },
      bad: 'data_batch_1.bin',
      problem: 'label 10 in record 1 is outside 0..9',
    },
    {
      name: 'a missing test batch',
      files: { 'data_batch_5.bin': batch([1]) },
      bad: 'test_batch.bin',
      problem: 'file not found',
    },
  ];
  for (const { name, files, bad, problem } of cases) {
    it(`rejects ${name}`, async () => {
      const folder = await folders.with(files);

      await assert.rejects(readCifar10(folder), dataError(`${join(folder, bad)}: ${problem}`));
    });
  }

  it('rejects a folder without any training batch, naming the folder', async () => {
    const folder = await folders.with({ 'test_batch.bin': batch([1]) });

    await assert.rejects(
      readCifar10(folder),
      dataError(`${folder}: no training batch found (tried data_batch_1.bin .. data_batch_5.bin)`),
    );
  });
});
