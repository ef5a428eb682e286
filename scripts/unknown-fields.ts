// Finds fields the Kubernetes API does not define in a built-in object: a misspelt
// `securityContex` passes a type check but would be dropped (or, with strict field validation,
// rejected) by the API server. The field lists come from the client library's typed models.
import * as k8s from '@kubernetes/client-node';
import type { SchemaIssue } from './openapi-validate.js';

interface Attribute {
  readonly baseName: string;
  readonly type: string;
}

interface ModelClass {
  getAttributeTypeMap(): Attribute[];
}

const LEAF_TYPES = new Set(['string', 'number', 'boolean', 'Date', 'any', 'object', 'IntOrString']);
const MAP_TYPE = /^\{ \[key: string\]: (.+); \}$/;
const ARRAY_TYPE = /^Array<(.+)>$/;

function modelClass(typeName: string): ModelClass | undefined {
  const candidate = (k8s as unknown as Record<string, unknown>)[typeName];
  if (typeof candidate !== 'function') return undefined;
  const model = candidate as unknown as Partial<ModelClass>;
  return typeof model.getAttributeTypeMap === 'function' ? (model as ModelClass) : undefined;
}

function join(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path === '' ? key : `${path}.${key}`;
}

function walk(value: unknown, typeName: string, path: string, out: SchemaIssue[]): void {
  if (value === null || value === undefined || LEAF_TYPES.has(typeName)) return;
  const array = ARRAY_TYPE.exec(typeName);
  if (array?.[1] !== undefined && Array.isArray(value)) {
    const itemType = array[1];
    value.forEach((item, index) => walk(item, itemType, join(path, index), out));
    return;
  }
  const map = MAP_TYPE.exec(typeName);
  if (map?.[1] !== undefined && typeof value === 'object') {
    const valueType = map[1];
    for (const [key, item] of Object.entries(value)) walk(item, valueType, join(path, key), out);
    return;
  }
  const model = modelClass(typeName);
  if (model === undefined || typeof value !== 'object' || Array.isArray(value)) return;
  const attributes = new Map(model.getAttributeTypeMap().map((a) => [a.baseName, a.type]));
  for (const [key, item] of Object.entries(value)) {
    const type = attributes.get(key);
    if (type === undefined) out.push({ path: join(path, key), message: `unknown field "${key}"` });
    else walk(item, type, join(path, key), out);
  }
}

/** The client library's model name of a built-in kind, such as `V1Deployment`. */
export function modelName(apiVersion: string, kind: string): string {
  const version = apiVersion.split('/').pop() ?? apiVersion;
  return `${version.charAt(0).toUpperCase()}${version.slice(1)}${kind}`;
}

/** Fields of a built-in object that its kind does not define; empty when the kind is unknown. */
export function unknownFields(object: { apiVersion: string; kind: string }): SchemaIssue[] {
  const out: SchemaIssue[] = [];
  const name = modelName(object.apiVersion, object.kind);
  if (modelClass(name) !== undefined) walk(object, name, '', out);
  return out;
}
