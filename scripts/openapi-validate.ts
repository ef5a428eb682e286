// Validates an object against a structural OpenAPI v3 schema the way the API server would for a
// custom resource with strict field validation: every error names the field path it is about.
import type { SchemaNode } from './crd-schema.js';

/** One problem found in an object, at a dotted field path such as `spec.byzantine.count`. */
export interface SchemaIssue {
  readonly path: string;
  readonly message: string;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function typeMatches(expected: unknown, value: unknown): boolean {
  const actual = typeOf(value);
  if (expected === 'number') return actual === 'number' || actual === 'integer';
  return expected === actual;
}

function child(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path === '' ? key : `${path}.${key}`;
}

function checkBounds(schema: SchemaNode, value: unknown, path: string, out: SchemaIssue[]): void {
  const got = JSON.stringify(value);
  if (typeof value === 'number') {
    const { minimum, maximum, exclusiveMinimum, exclusiveMaximum } = schema;
    if (typeof minimum === 'number') {
      const below = exclusiveMinimum === true ? value <= minimum : value < minimum;
      const bound = exclusiveMinimum === true ? 'above' : 'at least';
      if (below) out.push({ path, message: `must be ${bound} ${minimum}, got ${got}` });
    }
    if (typeof maximum === 'number') {
      const above = exclusiveMaximum === true ? value >= maximum : value > maximum;
      const bound = exclusiveMaximum === true ? 'below' : 'at most';
      if (above) out.push({ path, message: `must be ${bound} ${maximum}, got ${got}` });
    }
  }
  if (typeof value === 'string') {
    if (typeof schema.minLength === 'number' && value.length < schema.minLength) {
      out.push({ path, message: `must have at least ${schema.minLength} characters` });
    }
    if (typeof schema.maxLength === 'number' && value.length > schema.maxLength) {
      out.push({ path, message: `must have at most ${schema.maxLength} characters` });
    }
    if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(value)) {
      out.push({ path, message: `must match ${schema.pattern}, got ${got}` });
    }
  }
  if (Array.isArray(value)) {
    if (typeof schema.minItems === 'number' && value.length < schema.minItems) {
      out.push({ path, message: `must have at least ${schema.minItems} items` });
    }
    if (typeof schema.maxItems === 'number' && value.length > schema.maxItems) {
      out.push({ path, message: `must have at most ${schema.maxItems} items` });
    }
  }
}

function checkObject(
  schema: SchemaNode,
  value: Record<string, unknown>,
  path: string,
): SchemaIssue[] {
  const out: SchemaIssue[] = [];
  const properties = isObject(schema.properties) ? schema.properties : {};
  for (const name of Array.isArray(schema.required) ? schema.required : []) {
    if (value[name as string] === undefined) {
      out.push({ path: child(path, name as string), message: 'required field is missing' });
    }
  }
  const free = schema['x-kubernetes-preserve-unknown-fields'] === true;
  for (const [key, item] of Object.entries(value)) {
    const known = properties[key];
    if (isObject(known)) out.push(...validateSchema(known, item, child(path, key)));
    else if (isObject(schema.additionalProperties)) {
      out.push(...validateSchema(schema.additionalProperties, item, child(path, key)));
    } else if (!free && schema.additionalProperties !== true) {
      out.push({ path: child(path, key), message: `unknown field "${key}"` });
    }
  }
  return out;
}

/** Every issue of `value` against `schema`; an empty list means the value is valid. */
export function validateSchema(schema: SchemaNode, value: unknown, path = ''): SchemaIssue[] {
  if (value === null && schema.nullable === true) return [];
  if (schema['x-kubernetes-int-or-string'] === true) {
    if (typeof value === 'number' && Number.isInteger(value)) return [];
    if (typeof value !== 'string') {
      return [{ path, message: `must be an integer or a string, got ${typeOf(value)}` }];
    }
  } else if (schema.type !== undefined && !typeMatches(schema.type, value)) {
    return [{ path, message: `must be of type ${String(schema.type)}, got ${typeOf(value)}` }];
  }
  const out: SchemaIssue[] = [];
  if (Array.isArray(schema.enum) && !schema.enum.some((option) => option === value)) {
    const options = schema.enum.map((option) => JSON.stringify(option)).join(', ');
    out.push({ path, message: `must be one of ${options}, got ${JSON.stringify(value)}` });
  }
  checkBounds(schema, value, path, out);
  if (isObject(value) && schema.type === 'object') out.push(...checkObject(schema, value, path));
  if (Array.isArray(value) && isObject(schema.items)) {
    const items = schema.items;
    value.forEach((item, index) => out.push(...validateSchema(items, item, child(path, index))));
  }
  return out;
}

/** Issues of a custom resource against the openAPIV3Schema of its CRD version. */
export function validateCustomResource(schema: SchemaNode, resource: unknown): SchemaIssue[] {
  if (!isObject(resource)) return [{ path: '', message: 'a resource must be an object' }];
  const metadata = resource.metadata;
  const issues: SchemaIssue[] = [];
  // The API server owns metadata's schema; a CRD only says it is an object, so check the name.
  if (!isObject(metadata) || typeof metadata.name !== 'string' || metadata.name === '') {
    issues.push({ path: 'metadata.name', message: 'required field is missing' });
  }
  const rest = { ...resource };
  delete rest.metadata;
  issues.push(...validateSchema(schema, rest));
  return issues;
}

/** Formats issues one per line as `path: message`. */
export function formatIssues(issues: readonly SchemaIssue[]): string {
  return issues.map((issue) => `${issue.path || '(root)'}: ${issue.message}`).join('\n');
}
