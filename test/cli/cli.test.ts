// The `basil` command as a user meets it: bad input ends with exit code 2 and one line.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/basil.mjs', import.meta.url));

interface Exit {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function basil(args: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<Exit> {
  return new Promise((resolve) => {
    const options = { timeout: 60_000, env };
    execFile(process.execPath, [BIN, ...args], options, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
      resolve({ code, stdout, stderr });
    });
  });
}

/** An IDX file of unsigned bytes: magic, dimensions, then `body`. */
function idx(magic: number, dims: readonly number[], body: Uint8Array): Buffer {
  const header = Buffer.alloc(4 * (dims.length + 1));
  [magic, ...dims].forEach((value, i) => header.writeUInt32BE(value, 4 * i));
  return Buffer.concat([header, body]);
}

let folder: string;
let idxFolder: string;
const spec = (name: string): string => join(folder, name);

before(async () => {
  folder = await mkdtemp(join(tmpdir(), 'basil-cli-'));
  idxFolder = join(folder, 'mnist');
  const pixels = (count: number) => new Uint8Array(count * 28 * 28);
  const labels = (count: number) => new Uint8Array(count).map((_, i) => i % 10);
  const files: [string, string | Buffer][] = [
    [spec('s-over-n.yaml'), 'nodes: 4\nmemory: 5\n'],
    [spec('b-equals-n.yaml'), 'nodes: 4\nmemory: 2\nbyzantine: { count: 4 }\n'],
    [spec('idx.yaml'), `dataset: { name: mnist-idx, path: ${idxFolder}, trainSize: 8 }\n`],
    // Says 20 images but holds 10: cut short.
    [join(idxFolder, 'train-images-idx3-ubyte'), idx(2051, [20, 28, 28], pixels(10))],
    [join(idxFolder, 'train-labels-idx1-ubyte'), idx(2049, [20], labels(20))],
    [join(idxFolder, 't10k-images-idx3-ubyte'), idx(2051, [10, 28, 28], pixels(10))],
    [join(idxFolder, 't10k-labels-idx1-ubyte'), idx(2049, [10], labels(10))],
  ];
  await mkdir(idxFolder, { recursive: true });
  await Promise.all(files.map(([path, content]) => writeFile(path, content)));
});

after(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('basil with bad input', () => {
  const cases = [
    {
      name: 'a spec with S > N',
      args: () => ['--spec', spec('s-over-n.yaml')],
      line: () =>
        `basil: invalid ring spec (${spec('s-over-n.yaml')} and flags): ` +
        'memory: S must be at most nodes - 1 (3), got 5',
    },
    {
      name: 'a spec with b >= N',
      args: () => ['--spec', spec('b-equals-n.yaml')],
      line: () =>
        `basil: invalid ring spec (${spec('b-equals-n.yaml')} and flags): ` +
        'byzantine.count: must be below nodes (4), got 4',
    },
    {
      name: 'an unknown attack',
      args: () => ['--attack', 'bogus'],
      line: () =>
        'basil: invalid ring spec (flags): byzantine.attack.name: Invalid option: expected one ' +
        'of "gaussian"|"sign-flip"|"random-sign-flip"|"hidden"|"label-flip"|"alie"|"ipm" ' +
        '(got "bogus")',
    },
    {
      name: 'negative rounds',
      args: () => ['--rounds', '-3'],
      line: () =>
        'basil: invalid ring spec (flags): rounds: Too small: expected number to be >=1 (got -3)',
    },
    {
      name: 'a missing spec file',
      args: () => ['--spec', spec('absent.yaml')],
      line: () => `basil: --spec ${spec('absent.yaml')}: cannot read the file (ENOENT)`,
    },
    {
      name: 'a non-integer --nodes',
      args: () => ['--nodes', '4.5'],
      line: () => 'basil: --nodes: expected an integer, got "4.5"',
    },
    {
      name: 'an IDX folder holding a truncated file',
      args: () => ['--spec', spec('idx.yaml')],
      line: () =>
        `basil: ${join(idxFolder, 'train-images-idx3-ubyte')}: truncated: ` +
        'expected 15696 bytes for 20 images, got 7856',
    },
  ];
  for (const command of ['run', 'simulate']) {
    for (const { name, args, line } of cases) {
      it(`${command}: ends ${name} with exit code 2 and one line naming the problem`, async () => {
        const exit = await basil([command, ...args(), '--out', join(folder, 'never')]);
        assert.deepEqual(
          { code: exit.code, stderr: exit.stderr },
          { code: 2, stderr: `${line()}\n` },
        );
      });
    }
  }

  it('run: rejects an ACDS fraction of 1 or more before any node starts', async () => {
    const exit = await basil(['run', '--acds-fraction', '2', '--out', join(folder, 'never')]);
    assert.deepEqual(
      { code: exit.code, stderr: exit.stderr },
      {
        code: 2,
        stderr:
          'basil: invalid ring spec (flags): acds.fraction: Too big: expected number to be <1 ' +
          '(got 2)\n',
      },
    );
  });

  it('operator: ends with exit code 2 and one line for an unreadable kubeconfig', async () => {
    const missing = join(folder, 'no-such-kubeconfig');
    const pod = { POD_NAMESPACE: 'basil-system', POD_NAME: 'operator-0' };
    const env = { ...process.env, ...pod, KUBECONFIG: missing, BASIL_NODE_IMAGE: 'basil:test' };
    const exit = await basil(['operator'], env);
    assert.deepEqual(
      { code: exit.code, stderr: exit.stderr },
      {
        code: 2,
        stderr:
          'basil: cannot read the Kubernetes configuration: ' +
          `ENOENT: no such file or directory, open '${missing}'\n`,
      },
    );
  });
});
