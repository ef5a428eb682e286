// Chooses the training backend: native TensorFlow when it loads, else WebAssembly, else CPU.
import * as tf from '@tensorflow/tfjs';

/** Backends in order of preference. */
export type BackendName = 'tensorflow' | 'wasm' | 'cpu';

let chosen: Promise<BackendName> | undefined;

async function tryNative(): Promise<boolean> {
  try {
    // The native addon is an optional dependency; it is absent or broken on offline installs.
    const specifier = '@tensorflow/tfjs-node';
    await import(specifier);
    return await tf.setBackend('tensorflow');
  } catch {
    return false;
  }
}

async function tryWasm(): Promise<boolean> {
  try {
    await import('@tensorflow/tfjs-backend-wasm');
    return await tf.setBackend('wasm');
  } catch {
    return false;
  }
}

async function choose(preferred: BackendName | undefined): Promise<BackendName> {
  const order: BackendName[] =
    preferred === undefined ? ['tensorflow', 'wasm', 'cpu'] : [preferred, 'wasm', 'cpu'];
  for (const name of order) {
    if (name === 'tensorflow' && (await tryNative())) return 'tensorflow';
    if (name === 'wasm' && (await tryWasm())) return 'wasm';
    if (name === 'cpu' && (await tf.setBackend('cpu'))) return 'cpu';
  }
  throw new Error('no TensorFlow.js backend could be initialised');
}

/**
 * Initialises the backend once per process and returns its name. `preferred` moves one backend
 * to the front; the simulator and a deployed ring must use the same one to give equal results.
 */
export function initBackend(preferred?: BackendName): Promise<BackendName> {
  chosen ??= choose(preferred).then(async (name) => {
    await tf.ready();
    return name;
  });
  return chosen;
}

/** Models whose training needs convolution gradients, which the WebAssembly backend lacks. */
const CONVOLUTIONAL: readonly string[] = ['mnist-cnn', 'cifar-cnn'];

/**
 * Makes sure the running backend can train `model`: a convolutional model on WebAssembly moves
 * to the CPU backend (correct, but seconds per step; install @tensorflow/tfjs-node for speed).
 * Returns the backend in use.
 */
export async function backendForModel(model: string): Promise<BackendName> {
  const current = await initBackend();
  if (current !== 'wasm' || !CONVOLUTIONAL.includes(model)) return current;
  await tf.setBackend('cpu');
  chosen = Promise.resolve('cpu');
  return 'cpu';
}
