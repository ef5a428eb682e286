import assert from 'node:assert/strict';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { makeDirectory, prepareOutDir } from '../../../services/cli/src/report/results.js';

describe('output folders', () => {
  let folder: string;

  before(async () => {
    folder = await mkdtemp(join(tmpdir(), 'basil-out-'));
    await writeFile(join(folder, 'file'), 'not a folder\n');
  });

  after(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('creates a folder and every missing parent, and accepts one that exists', async () => {
    const nested = join(folder, 'a', 'b', 'c');
    await makeDirectory(nested);
    await makeDirectory(nested);
    assert.equal((await stat(nested)).isDirectory(), true);
  });

  const refusals: [string, () => string, string][] = [
    ['under a file', () => join(folder, 'file', 'x'), 'ENOTDIR'],
    // Node's own recursive mkdir never settles here.
    ['under /proc', () => '/proc/basil-never/x', 'ENOENT'],
  ];
  for (const [what, dir, code] of refusals) {
    it(`refuses --out ${what} in one line naming the folder`, async () => {
      await assert.rejects(prepareOutDir(dir()), {
        name: 'UsageError',
        message: `--out ${dir()}: cannot create the folder (${code})`,
      });
    });
  }
});
