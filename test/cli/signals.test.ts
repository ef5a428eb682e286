// `basil run` stopped by a signal: it takes its node processes down and exits as shells report a
// process ended by that signal, 128 plus the signal's number.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/basil.mjs', import.meta.url));

/** Small and long: the run is still going when the signal comes. */
const SPEC = [
  'nodes: 3',
  'rounds: 500',
  'localSteps: 1',
  'evalSamples: 50',
  'dataset: { trainSize: 300, testSize: 50 }',
  '',
].join('\n');

interface Ended {
  readonly code: number | null;
  readonly stderr: string;
}

/** Starts `basil run`, sends `signal` once round 1 is reported, and waits for the exit. */
function interruptedRun(specFile: string, out: string, signal: NodeJS.Signals): Promise<Ended> {
  const child = spawn(process.execPath, [BIN, 'run', '--spec', specFile, '--out', out], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let sent = false;
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    // Once only: a second signal, as a second Ctrl-C, may end the process outright.
    if (!sent && /^round +1\//m.test(stdout)) sent = child.kill(signal);
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stderr })));
}

describe('basil run stopped by a signal', () => {
  let folder: string;

  before(async () => {
    folder = await mkdtemp(join(tmpdir(), 'basil-signals-'));
    await writeFile(join(folder, 'spec.yaml'), SPEC);
  });

  after(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  const cases: [NodeJS.Signals, number][] = [
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ];
  for (const [signal, code] of cases) {
    it(`exits with ${code} on ${signal} and says every node process was stopped`, async () => {
      const ended = await interruptedRun(join(folder, 'spec.yaml'), join(folder, signal), signal);
      assert.equal(ended.code, code, ended.stderr);
      assert.match(
        ended.stderr,
        new RegExp(`^basil run: interrupted by ${signal}; every node process was stopped$`, 'm'),
      );
      assert.doesNotMatch(ended.stderr, /\n\s+at /, 'no stack trace');
    });
  }
});
