// Reading data files that may be absent or gzipped, with errors that name the file.
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { DataError } from './errors.js';

const gunzipAsync = promisify(gunzip);

/** The bytes of a data file and the path they were actually read from. */
export interface DataFile {
  readonly path: string;
  readonly bytes: Uint8Array;
}

/**
 * The file's bytes, or undefined when it does not exist. Absence is an expected answer here
 * (optional batches, plain-or-gzipped names); every other read failure propagates.
 */
export async function readIfPresent(path: string): Promise<Uint8Array | undefined> {
  try {
    return await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Reads `path`, or else `path.gz` unpacked; when neither exists, a DataError names `path`. */
export async function readPlainOrGzipped(path: string): Promise<DataFile> {
  const plain = await readIfPresent(path);
  if (plain !== undefined) return { path, bytes: plain };

  const packedPath = `${path}.gz`;
  const packed = await readIfPresent(packedPath);
  if (packed === undefined) {
    throw new DataError(path, `file not found (tried ${path} and ${packedPath})`);
  }
  try {
    return { path: packedPath, bytes: await gunzipAsync(packed) };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new DataError(packedPath, `cannot be unpacked as gzip (${reason})`, { cause: error });
  }
}
