// Parsing and cross-field checks of a ring spec, with errors that name the field and the value.
import { z } from 'zod';
import { RingSpecSchema, type RingSpec } from './schema.js';

/** A spec that fails validation; `issues` lists each problem as `path: message`. */
export class SpecError extends Error {
  override name = 'SpecError';

  constructor(
    readonly source: string,
    readonly issues: readonly string[],
  ) {
    super(`invalid ring spec (${source}):\n  ${issues.join('\n  ')}`);
  }
}

function describeIssue(issue: z.core.$ZodIssue, input: unknown): string {
  const path = issue.path.length > 0 ? issue.path.join('.') : '(spec)';
  const value = valueAt(input, issue.path);
  const shown = value === undefined ? '' : ` (got ${JSON.stringify(value)})`;
  if (issue.code === 'unrecognized_keys') {
    return `${path}: unknown field ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  }
  return `${path}: ${issue.message}${shown}`;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let current = input;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

function crossFieldIssues(spec: RingSpec, memoryDerived: boolean): string[] {
  const issues: string[] = [];
  const { nodes, memory } = spec;
  const { count, placement, positions } = spec.byzantine;
  if (count >= nodes) issues.push(`byzantine.count: must be below nodes (${nodes}), got ${count}`);
  // With b >= N the default S = b + 1 is out of range too; name only the cause then.
  const onlyEcho = count >= nodes && memoryDerived;
  if (!onlyEcho && memory > nodes - 1) {
    const got = memoryDerived ? `the default b + 1 = ${memory}` : `${memory}`;
    issues.push(`memory: S must be at most nodes - 1 (${nodes - 1}), got ${got}`);
  }
  if (spec.method === 'r-plain' && memory !== 1) {
    issues.push(`memory: r-plain keeps one model (S = 1), got ${memory}`);
  }
  if (placement === 'explicit') {
    if (positions.length !== count) {
      const needed = `${count} position${count === 1 ? '' : 's'}`;
      issues.push(`byzantine.positions: needs ${needed}, got ${positions.length}`);
    }
    const bad = positions.find((p) => p >= nodes);
    if (bad !== undefined) issues.push(`byzantine.positions: ${bad} is not below nodes ${nodes}`);
    if (new Set(positions).size !== positions.length) {
      issues.push(`byzantine.positions: positions repeat (${positions.join(', ')})`);
    }
  } else if (positions.length > 0) {
    issues.push(`byzantine.positions: only used with placement "explicit", got "${placement}"`);
  }
  if (spec.dataset.name !== 'mnist-bundled' && spec.dataset.path === undefined) {
    issues.push(`dataset.path: required for dataset "${spec.dataset.name}"`);
  }
  return [...issues, ...acdsIssues(spec), ...plusIssues(spec)];
}

function acdsIssues(spec: RingSpec): string[] {
  const { enabled, groupSize } = spec.acds;
  if (!enabled || groupSize <= spec.nodes) return [];
  return [`acds.groupSize: must be at most nodes (${spec.nodes}), got ${groupSize}`];
}

/**
 * Groups may be uneven (sizes differ by at most one), so the smallest, floor(N / G), must still
 * hold S models and form a ring of two or more.
 */
function plusIssues(spec: RingSpec): string[] {
  const { groups, roundsPerGlobalRound } = spec.plus;
  if (groups === 1) {
    // One group has no aggregation for the inner rounds to lead up to.
    return roundsPerGlobalRound === 1
      ? []
      : [`plus.roundsPerGlobalRound: applies only with plus.groups > 1, got 1 group`];
  }
  const smallest = Math.floor(spec.nodes / groups);
  const issues: string[] = [];
  if (spec.method !== 'basil') {
    issues.push(`plus.groups: Basil+ needs method "basil", got "${spec.method}" with ${groups}`);
  }
  if (smallest < Math.max(2, spec.memory)) {
    issues.push(
      `plus.groups: ${groups} groups of ${spec.nodes} nodes leave ${smallest} per group, ` +
        `below max(2, memory S = ${spec.memory})`,
    );
  }
  return issues;
}

/** Validates raw input (parsed YAML or JSON) into a frozen spec, or throws a SpecError. */
export function parseRingSpec(input: unknown, source = 'spec'): RingSpec {
  const parsed = RingSpecSchema.safeParse(input ?? {});
  if (!parsed.success) {
    throw new SpecError(
      source,
      parsed.error.issues.map((issue) => describeIssue(issue, input)),
    );
  }
  const defaultMemory = parsed.data.method === 'r-plain' ? 1 : parsed.data.byzantine.count + 1;
  const spec: RingSpec = { ...parsed.data, memory: parsed.data.memory ?? defaultMemory };
  const issues = crossFieldIssues(spec, parsed.data.memory === undefined);
  if (issues.length > 0) throw new SpecError(source, issues);
  return deepFreeze(spec);
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/** The JSON Schema of a ring spec as a user writes it (defaults shown, none required). */
export function ringSpecJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(RingSpecSchema, { io: 'input', target: 'draft-7' }) as Record<
    string,
    unknown
  >;
}
