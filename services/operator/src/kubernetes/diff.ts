// Whether an object in the cluster already holds what the operator wants, and how to lay the
// wanted fields over it. The API server adds defaults (probe timeouts, port protocols) and
// rewrites quantities ("0.5" becomes "500m"), so "equal" means "every wanted field is there".

/** True when every field of `desired` is present in `actual` with the same value. */
export function holdsFields(
  actual: unknown,
  desired: unknown,
  path: readonly string[] = [],
): boolean {
  if (Array.isArray(desired)) {
    return (
      Array.isArray(actual) &&
      actual.length === desired.length &&
      desired.every((item, i) => holdsFields(actual[i], item, [...path, String(i)]))
    );
  }
  if (isRecord(desired)) {
    if (!isRecord(actual)) return false;
    return Object.entries(desired).every(
      ([key, value]) => value === undefined || holdsFields(actual[key], value, [...path, key]),
    );
  }
  if (actual === desired) return true;
  return path.includes('resources') && sameQuantity(actual, desired);
}

/** `desired` laid over `actual`: objects merge key by key, arrays and values are replaced. */
export function overlay<T>(actual: unknown, desired: T): T {
  if (!isRecord(desired) || !isRecord(actual)) return desired;
  const merged: Record<string, unknown> = { ...actual };
  for (const [key, value] of Object.entries(desired)) {
    if (value !== undefined) merged[key] = overlay(actual[key], value);
  }
  return merged as T;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

const SUFFIXES: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

/** The value of a Kubernetes quantity such as `500m`, `1Gi` or `1e3`; NaN when malformed. */
export function quantityValue(quantity: unknown): number {
  if (typeof quantity === 'number') return quantity;
  if (typeof quantity !== 'string') return Number.NaN;
  const match = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)([a-zA-Z]*)$/.exec(quantity);
  const factor = match === null ? undefined : SUFFIXES[match[2] as string];
  if (match === null || factor === undefined) return Number.NaN;
  return Number(match[1]) * factor;
}

function sameQuantity(a: unknown, b: unknown): boolean {
  const [x, y] = [quantityValue(a), quantityValue(b)];
  return Number.isFinite(x) && Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(x));
}
