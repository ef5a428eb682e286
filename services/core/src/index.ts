// The public surface of the core library, for the node service, the operator and the CLI.
export * from './spec/schema.js';
export * from './spec/validate.js';
export * from './model/weights.js';
export * from './model/zoo.js';
export * from './model/backend.js';
export * from './data/errors.js';
export * from './data/samples.js';
export * from './data/dataset.js';
export * from './data/partition.js';
export * from './basil/plan.js';
export * from './basil/memory.js';
export * from './basil/selection.js';
export * from './basil/turn.js';
export * from './basil/results.js';
export * from './attacks/model-attacks.js';
export * from './sim/simulator.js';
export * from './util/random.js';
