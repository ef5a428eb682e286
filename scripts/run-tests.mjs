// Runs every `*.test.ts` under the given folders (default: test/) with Node's test runner.
// Node 20's runner takes no glob patterns, so the files are listed here.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

function testFiles(folder) {
  return readdirSync(folder, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.test.ts'))
    .map((entry) => join(entry.parentPath ?? entry.path, entry.name))
    .sort();
}

const folders = process.argv.slice(2);
const files = (folders.length > 0 ? folders : ['test']).flatMap(testFiles);
if (files.length === 0) {
  console.error(`no *.test.ts files under ${folders.join(', ') || 'test'}`);
  process.exit(1);
}
const args = ['--import', 'tsx', '--test', '--test-concurrency=1', ...files];
const { status, signal } = spawnSync(process.execPath, args, { stdio: 'inherit' });
process.exit(status ?? (signal === null ? 1 : 128));
