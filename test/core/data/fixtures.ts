// Small IDX and CIFAR-10 files built in memory, and throwaway folders to write them to.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { CIFAR_RECORD_BYTES } from '../../../services/core/src/data/cifar.js';
import { DataError } from '../../../services/core/src/data/errors.js';

const CIFAR_PLANE = 32 * 32;

function header(...fields: number[]): Uint8Array {
  const bytes = new Uint8Array(fields.length * 4);
  const view = new DataView(bytes.buffer);
  fields.forEach((field, i) => view.setUint32(i * 4, field, false));
  return bytes;
}

/** An IDX image file whose pixel p of image i is (7 * i + p) mod 256. */
export function idxImages(count: number, { magic = 2051, rows = 28, cols = 28 } = {}): Uint8Array {
  const size = rows * cols;
  const pixels = Uint8Array.from({ length: count * size }, (_, k) => {
    return (7 * Math.floor(k / size) + (k % size)) % 256;
  });
  return Buffer.concat([header(magic, count, rows, cols), pixels]);
}

/** An IDX label file holding `labels`. */
export function idxLabels(labels: readonly number[], magic = 2049): Uint8Array {
  return Buffer.concat([header(magic, labels.length), Uint8Array.from(labels)]);
}

/**
 * A CIFAR-10 batch whose record r has label labels[r] and, in channel c at plane offset p, the
 * byte (r + 40 * c + p) mod 256; the plane offset of row i, column j is 32 * i + j.
 */
export function cifarBatch(labels: readonly number[]): Uint8Array {
  const bytes = new Uint8Array(labels.length * CIFAR_RECORD_BYTES);
  labels.forEach((label, r) => {
    const start = r * CIFAR_RECORD_BYTES;
    bytes[start] = label;
    for (let c = 0; c < 3; c++) {
      for (let p = 0; p < CIFAR_PLANE; p++) {
        bytes[start + 1 + c * CIFAR_PLANE + p] = (r + 40 * c + p) % 256;
      }
    }
  });
  return bytes;
}

/** Fresh folders under one temporary root, removed together by `removeAll`. */
export class TempFolders {
  private root: string | undefined;
  private made = 0;

  /** A new folder holding `files` by name, each gzipped with a `.gz` name if asked. */
  async with(files: Record<string, Uint8Array>, { gzip = false } = {}): Promise<string> {
    this.root ??= await mkdtemp(join(tmpdir(), 'basil-data-'));
    const folder = join(this.root, `set-${this.made++}`);
    await mkdir(folder);
    for (const [name, bytes] of Object.entries(files)) {
      if (gzip) await writeFile(join(folder, `${name}.gz`), gzipSync(bytes));
      else await writeFile(join(folder, name), bytes);
    }
    return folder;
  }

  /** Deletes every folder made. */
  async removeAll(): Promise<void> {
    if (this.root !== undefined) await rm(this.root, { recursive: true, force: true });
  }
}

/** An `assert.throws`/`rejects` check: a DataError with exactly this message. */
export function dataError(message: string): (error: unknown) => boolean {
  return (error) => {
    assert.ok(error instanceof DataError, `expected a DataError, got ${String(error)}`);
    assert.equal(error.message, message);
    return true;
  };
}
