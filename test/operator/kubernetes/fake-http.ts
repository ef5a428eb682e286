// HTTP plumbing of the stand-in API server: which resource a path names, merge patches, and
// answers in the shape of the real server (objects, or a Status on failure).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { RESOURCE_TYPES, StoreError, type ResourceType, type StoredObject } from './fake-store.js';

/** The resource, namespace, name and subresource a request path names. */
export interface Route {
  readonly type: ResourceType;
  readonly namespace?: string;
  readonly name?: string;
  readonly status: boolean;
}

/** Reads `/api/v1/...` and `/apis/<group>/<version>/...` paths; undefined when unknown. */
export function parseRoute(pathname: string): Route | undefined {
  const parts = pathname.split('/').filter((part) => part !== '');
  const [group, version, rest] =
    parts[0] === 'api'
      ? ['', parts[1], parts.slice(2)]
      : parts[0] === 'apis'
        ? [parts[1], parts[2], parts.slice(3)]
        : [undefined, undefined, []];
  let namespace: string | undefined;
  let tail = rest;
  if (tail[0] === 'namespaces' && tail.length >= 3) [namespace, tail] = [tail[1], tail.slice(2)];
  const type = RESOURCE_TYPES.find(
    (t) => t.group === group && t.version === version && t.plural === tail[0],
  );
  if (type === undefined || tail.length > 3 || (tail.length === 3 && tail[2] !== 'status')) {
    return undefined;
  }
  return { type, namespace, name: tail[1], status: tail[2] === 'status' };
}

/** The body with the path's namespace, which wins over any in the body. */
export function withPlace(body: StoredObject | undefined, namespace: string): StoredObject {
  if (body?.metadata?.name === undefined) throw new StoreError(400, 'BadRequest', 'no name');
  return { ...body, metadata: { ...body.metadata, namespace } };
}

/** RFC 7386 JSON merge patch. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const result: Record<string, unknown> =
    target !== null && typeof target === 'object' && !Array.isArray(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = mergePatch(result[key], value);
  }
  return result;
}

/** A Status object, as the API server sends with every failure. */
export function status(code: number, reason: string, message: string) {
  return { kind: 'Status', apiVersion: 'v1', status: 'Failure', code, reason, message };
}

/** Sends `body` as JSON with `code`. */
export function reply(res: ServerResponse, code: number, body: unknown): void {
  res.writeHead(code, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

/** The request body as JSON, or undefined when empty; 400 when it is not JSON. */
export async function readJson(req: IncomingMessage): Promise<StoredObject | undefined> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as StoredObject;
  } catch {
    throw new StoreError(400, 'BadRequest', 'body is not JSON');
  }
}
