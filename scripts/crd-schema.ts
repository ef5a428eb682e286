// Turns the ring spec's JSON Schema (draft-07) into a structural OpenAPI v3 schema, the dialect
// a CustomResourceDefinition accepts. The spec stays defined once, in the zod schema.

/** A JSON Schema or OpenAPI schema node, loosely typed because both dialects meet here. */
export type SchemaNode = { [key: string]: unknown };

/** A construct of the JSON Schema that a structural CRD schema cannot express. */
export class SchemaConversionError extends Error {
  override name = 'SchemaConversionError';

  constructor(path: string, detail: string) {
    super(`cannot convert the ring spec schema at ${path || '(root)'}: ${detail}`);
  }
}

// The largest safe integer is what zod writes for an unbounded int: a bound nobody meant.
const UNBOUNDED = Number.MAX_SAFE_INTEGER;

const KEPT = ['description', 'type', 'format', 'enum', 'default', 'pattern', 'nullable'] as const;
const KEPT_NUMERIC = ['minimum', 'maximum', 'minLength', 'maxLength', 'minItems', 'maxItems'];

function isNode(value: unknown): value is SchemaNode {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function withoutNull(path: string, options: unknown[]): { rest: SchemaNode; nullable: boolean } {
  const others = options.filter((o) => !(isNode(o) && o.type === 'null'));
  if (others.length !== 1 || !isNode(others[0])) {
    throw new SchemaConversionError(path, 'unions other than "T or null" are not structural');
  }
  return { rest: others[0], nullable: others.length < options.length };
}

/** Converts one node of a draft-07 schema into its structural OpenAPI v3 form. */
export function toStructural(input: SchemaNode, path = ''): SchemaNode {
  const union = input.anyOf ?? input.oneOf;
  if (Array.isArray(union)) {
    const { rest, nullable } = withoutNull(path, union);
    const merged = toStructural({ ...input, anyOf: undefined, oneOf: undefined, ...rest }, path);
    return nullable ? { ...merged, nullable: true } : merged;
  }
  if (input.allOf !== undefined || input.not !== undefined || input.$ref !== undefined) {
    throw new SchemaConversionError(path, 'allOf, not and $ref have no structural form');
  }
  const out: SchemaNode = {};
  for (const key of KEPT) if (input[key] !== undefined) out[key] = input[key];
  if (input.const !== undefined) out.enum = [input.const];
  for (const key of KEPT_NUMERIC) {
    const value = input[key];
    if (typeof value === 'number' && Math.abs(value) !== UNBOUNDED) out[key] = value;
  }
  // Draft-07 writes an exclusive bound as a number; OpenAPI v3.0 as a flag beside the bound.
  if (typeof input.exclusiveMinimum === 'number') {
    out.minimum = input.exclusiveMinimum;
    out.exclusiveMinimum = true;
  }
  if (typeof input.exclusiveMaximum === 'number') {
    out.maximum = input.exclusiveMaximum;
    out.exclusiveMaximum = true;
  }
  if (out.type === undefined) throw new SchemaConversionError(path, 'every node needs a type');
  if (isNode(input.properties)) {
    const properties: SchemaNode = {};
    for (const [name, child] of Object.entries(input.properties)) {
      if (!isNode(child)) throw new SchemaConversionError(`${path}.${name}`, 'not a schema');
      properties[name] = toStructural(child, path ? `${path}.${name}` : name);
    }
    out.properties = properties;
  }
  // `additionalProperties: false` beside `properties` is not allowed; the API server prunes or,
  // with strict field validation, rejects unknown fields on its own.
  if (isNode(input.additionalProperties) && input.properties === undefined) {
    out.additionalProperties = toStructural(input.additionalProperties, `${path}.*`);
  }
  if (isNode(input.items)) out.items = toStructural(input.items, `${path}[]`);
  if (Array.isArray(input.required) && input.required.length > 0) out.required = input.required;
  return out;
}

/** The ring spec schema as the `spec` of a BasilRing; `$schema` is among the keys dropped. */
export function ringSpecOpenApi(jsonSchema: SchemaNode): SchemaNode {
  return toStructural(jsonSchema);
}
