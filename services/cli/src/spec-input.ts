// Builds a ring spec from an optional spec file and command-line flags that override it.
import { readFile } from 'node:fs/promises';
import { parseAllDocuments, type Document } from 'yaml';
import { parseRingSpec, type RingSpec } from '../../core/src/index.js';

/** A command-line problem: a bad flag value or an unreadable spec file. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Flags shared by `simulate` and `run`, as commander hands them over (strings). */
export interface SpecFlags {
  spec?: string;
  method?: string;
  nodes?: string;
  byzantine?: string;
  memory?: string;
  attack?: string;
  placement?: string;
  rounds?: string;
  seed?: string;
  partition?: string;
  /** Turns ACDS on with this fraction. */
  acdsFraction?: string;
  /** Basil+ group count. */
  groups?: string;
}

type Raw = Record<string, unknown>;

function integer(flag: string, text: string): number {
  if (!/^-?\d+$/.test(text.trim())) {
    throw new UsageError(`--${flag}: expected an integer, got "${text}"`);
  }
  return Number(text);
}

/** Range checks stay with the spec's validation, so the flag and the file fail alike. */
function decimal(flag: string, text: string): number {
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(text.trim())) {
    throw new UsageError(`--${flag}: expected a number, got "${text}"`);
  }
  return Number(text);
}

async function readSpecFile(path: string): Promise<Raw> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new UsageError(`--spec ${path}: cannot read the file (${code})`);
  }
  if (text.trim() === '') throw new UsageError(`--spec ${path}: the file is empty`);
  const manifest = parseDocument(path, text);
  if (manifest.kind === undefined && manifest.apiVersion === undefined) return manifest;
  // A BasilRing manifest is accepted too: its spec holds the ring spec.
  if (manifest.kind !== 'BasilRing') {
    const kind = JSON.stringify(manifest.kind ?? null);
    throw new UsageError(`--spec ${path}: a manifest of kind ${kind}; expected a BasilRing`);
  }
  if (manifest.spec === null || typeof manifest.spec !== 'object') {
    throw new UsageError(`--spec ${path}: the BasilRing manifest has no spec mapping`);
  }
  // Deployment fields of the manifest are not ring spec fields.
  const ring = { ...(manifest.spec as Raw) };
  delete ring.image;
  delete ring.resources;
  return ring;
}

function parseDocument(path: string, text: string): Raw {
  const documents = parseAllDocuments(text);
  if (!Array.isArray(documents) || documents.length !== 1) {
    const count = Array.isArray(documents) ? documents.length : 0;
    throw new UsageError(`--spec ${path}: holds ${count} YAML documents; expected one`);
  }
  const [document] = documents as [Document];
  const [problem] = document.errors;
  if (problem !== undefined) {
    const at = problem.linePos?.[0];
    const where = at === undefined ? '' : ` at line ${at.line}, column ${at.col}`;
    const firstLine = problem.message.split('\n')[0] ?? problem.code;
    const reason = firstLine.replace(/ at line \d+, column \d+:?$/, '');
    throw new UsageError(`--spec ${path}: not valid YAML or JSON${where}: ${reason}`);
  }
  const parsed: unknown = document.toJS();
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new UsageError(`--spec ${path}: expected a mapping of spec fields at the top level`);
  }
  return parsed as Raw;
}

function section(raw: Raw, key: string): Raw {
  const value = raw[key];
  const copy = value !== null && typeof value === 'object' ? { ...(value as Raw) } : {};
  raw[key] = copy;
  return copy;
}

/** Applies flags over the file's fields; flags always win. */
export function applyFlags(raw: Raw, flags: SpecFlags): Raw {
  const out: Raw = { ...raw };
  if (flags.method !== undefined) out.method = flags.method;
  if (flags.nodes !== undefined) out.nodes = integer('nodes', flags.nodes);
  if (flags.memory !== undefined) out.memory = integer('memory', flags.memory);
  if (flags.rounds !== undefined) out.rounds = integer('rounds', flags.rounds);
  if (flags.seed !== undefined) out.seed = integer('seed', flags.seed);
  if (flags.partition !== undefined) section(out, 'partition').kind = flags.partition;
  if (flags.byzantine !== undefined) {
    section(out, 'byzantine').count = integer('byzantine', flags.byzantine);
  }
  if (flags.placement !== undefined) section(out, 'byzantine').placement = flags.placement;
  if (flags.attack !== undefined) {
    const byzantine = section(out, 'byzantine');
    section(byzantine, 'attack').name = flags.attack;
  }
  if (flags.acdsFraction !== undefined) {
    const acds = section(out, 'acds');
    acds.enabled = true;
    acds.fraction = decimal('acds-fraction', flags.acdsFraction);
  }
  if (flags.groups !== undefined) section(out, 'plus').groups = integer('groups', flags.groups);
  return out;
}

/** Reads, merges and validates; throws UsageError or SpecError with a message naming the input. */
export async function resolveSpec(flags: SpecFlags, defaults: Raw = {}): Promise<RingSpec> {
  const fromFile = flags.spec === undefined ? defaults : await readSpecFile(flags.spec);
  const source = flags.spec === undefined ? 'flags' : `${flags.spec} and flags`;
  return parseRingSpec(applyFlags(fromFile, flags), source);
}
