// Models travel and rest as named tensors of plain typed arrays. Checks go by name, never by
// position, so a reordered or renamed tensor cannot slip into another's place.

/** The dtypes a weight tensor may carry. Only float32 is produced today. */
export type WeightDtype = 'float32';

/** One tensor of a model, as stored in memory and sent on the wire. */
export interface NamedTensor {
  readonly name: string;
  readonly shape: readonly number[];
  readonly dtype: WeightDtype;
  readonly values: Float32Array;
}

/** A whole model: its tensors in manifest order. */
export type Weights = readonly NamedTensor[];

/** Name, shape and dtype of each tensor a model expects. */
export interface ManifestEntry {
  readonly name: string;
  readonly shape: readonly number[];
  readonly dtype: WeightDtype;
}

/** The tensors a model expects, in order. */
export type Manifest = readonly ManifestEntry[];

/** Why a set of weights does not fit a manifest. */
export type WeightsProblem =
  | 'missing-tensor'
  | 'extra-tensor'
  | 'duplicate-name'
  | 'wrong-shape'
  | 'wrong-dtype'
  | 'wrong-size'
  | 'non-finite';

/** Weights that do not match the model's manifest or hold a non-finite value. */
export class WeightsError extends Error {
  override name = 'WeightsError';

  constructor(
    readonly problem: WeightsProblem,
    readonly tensor: string,
    detail: string,
  ) {
    super(`${problem} in tensor "${tensor}": ${detail}`);
  }
}

/** Number of elements of a shape. */
export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((product, dim) => product * dim, 1);
}

/** Total number of parameters of a manifest. */
export function parameterCount(manifest: Manifest): number {
  return manifest.reduce((total, entry) => total + sizeOf(entry.shape), 0);
}

const sameShape = (a: readonly number[], b: readonly number[]): boolean =>
  a.length === b.length && a.every((dim, i) => dim === b[i]);

/**
 * Throws a WeightsError unless `weights` holds exactly the manifest's tensors, matched by name,
 * each with the manifest's shape and dtype and only finite values.
 */
export function checkWeights(weights: Weights, manifest: Manifest): void {
  const byName = new Map<string, NamedTensor>();
  for (const tensor of weights) {
    if (byName.has(tensor.name)) {
      throw new WeightsError('duplicate-name', tensor.name, 'name appears twice');
    }
    byName.set(tensor.name, tensor);
  }
  for (const entry of manifest) {
    const tensor = byName.get(entry.name);
    if (tensor === undefined) throw new WeightsError('missing-tensor', entry.name, 'absent');
    checkTensor(tensor, entry);
    byName.delete(entry.name);
  }
  const [extra] = byName.keys();
  if (extra !== undefined) throw new WeightsError('extra-tensor', extra, 'not in the manifest');
}

function checkTensor(tensor: NamedTensor, entry: ManifestEntry): void {
  if (tensor.dtype !== entry.dtype) {
    throw new WeightsError(
      'wrong-dtype',
      entry.name,
      `expected ${entry.dtype}, got ${tensor.dtype}`,
    );
  }
  if (!sameShape(tensor.shape, entry.shape)) {
    const detail = `expected [${entry.shape.join(',')}], got [${tensor.shape.join(',')}]`;
    throw new WeightsError('wrong-shape', entry.name, detail);
  }
  if (tensor.values.length !== sizeOf(entry.shape)) {
    const detail = `expected ${sizeOf(entry.shape)} values, got ${tensor.values.length}`;
    throw new WeightsError('wrong-size', entry.name, detail);
  }
  const index = tensor.values.findIndex((v) => !Number.isFinite(v));
  if (index >= 0) {
    throw new WeightsError('non-finite', entry.name, `value ${tensor.values[index]} at ${index}`);
  }
}

/** Returns the problem with `weights`, or undefined when they fit the manifest. */
export function weightsProblem(weights: Weights, manifest: Manifest): WeightsError | undefined {
  try {
    checkWeights(weights, manifest);
    return undefined;
  } catch (error) {
    if (error instanceof WeightsError) return error;
    throw error;
  }
}

/** Applies `fn` to every value, keeping names and shapes. */
export function mapWeights(
  weights: Weights,
  fn: (value: number, index: number) => number,
): Weights {
  return weights.map((tensor) => ({
    ...tensor,
    values: tensor.values.map((value, index) => fn(value, index)),
  }));
}

/** A deep copy whose arrays share nothing with the original. */
export function cloneWeights(weights: Weights): Weights {
  return weights.map((tensor) => ({
    ...tensor,
    shape: [...tensor.shape],
    values: tensor.values.slice(),
  }));
}

/** Concatenates all values in manifest order (for distances and coordinate statistics). */
export function flatten(weights: Weights): Float32Array {
  const out = new Float32Array(weights.reduce((n, t) => n + t.values.length, 0));
  let offset = 0;
  for (const tensor of weights) {
    out.set(tensor.values, offset);
    offset += tensor.values.length;
  }
  return out;
}

/** Splits a flat vector back into tensors shaped like `like`. */
export function unflatten(flat: Float32Array, like: Weights): Weights {
  let offset = 0;
  return like.map((tensor) => {
    const values = flat.slice(offset, offset + tensor.values.length);
    offset += tensor.values.length;
    return { name: tensor.name, shape: [...tensor.shape], dtype: tensor.dtype, values };
  });
}
