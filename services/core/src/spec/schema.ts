// The ring spec: one definition for every run. The TypeScript type, the JSON Schema and the
// CRD's openAPIV3Schema are all derived from it, so they cannot drift apart.
import { z } from 'zod';

/** Names of the model-level attacks a Byzantine node can run. */
export const ATTACK_NAMES = [
  'gaussian',
  'sign-flip',
  'random-sign-flip',
  'hidden',
  'label-flip',
  'alie',
  'ipm',
] as const;

/** Attacks that `hidden` may switch to once its start round comes. */
export const INNER_ATTACK_NAMES = ATTACK_NAMES.filter((name) => name !== 'hidden');

/** The models of the zoo. */
export const MODEL_NAMES = ['mnist-mlp', 'mnist-cnn', 'cifar-cnn'] as const;

/** Training methods: Basil, and the ring baseline without selection. */
export const METHOD_NAMES = ['basil', 'r-plain'] as const;

const int = () => z.number().int();

/** What a Byzantine node sends in place of its honest model, with the attack's parameters. */
export const AttackSchema = z
  .object({
    name: z.enum(ATTACK_NAMES).default('gaussian').describe('attack name'),
    mean: z.number().default(0).describe('gaussian: mean of every coordinate'),
    std: z.number().min(0).default(1).describe('gaussian: standard deviation'),
    scale: z.number().positive().default(1).describe('sign-flip: factor of the negation'),
    flipProbability: z
      .number()
      .min(0)
      .max(1)
      .default(0.5)
      .describe('random-sign-flip: probability that a coordinate flips'),
    startRound: int().min(1).default(3).describe('hidden: first round that attacks'),
    inner: z.enum(INNER_ATTACK_NAMES).default('gaussian').describe('hidden: attack after start'),
    z: z.number().positive().optional().describe('alie: deviations below the mean (from n, b)'),
    epsilon: z.number().positive().default(0.5).describe('ipm: scale of the negated mean'),
  })
  .strict();

/** Which nodes lie, where they sit on the ring, and how they attack. */
export const ByzantineSchema = z
  .object({
    count: int().min(0).default(0).describe('number of Byzantine nodes b'),
    placement: z
      .enum(['random', 'consecutive', 'explicit'])
      .default('random')
      .describe('where the Byzantine nodes sit on the ring'),
    positions: z
      .array(int().min(0))
      .default([])
      .describe('ring positions of the Byzantine nodes, for explicit placement'),
    attack: AttackSchema.prefault({}),
  })
  .strict();

/** Where the training data comes from. */
export const DatasetSchema = z
  .object({
    name: z
      .enum(['mnist-bundled', 'mnist-idx', 'cifar10'])
      .default('mnist-bundled')
      .describe('mnist-bundled: 10,000 digits shipped with the project'),
    path: z.string().min(1).optional().describe('folder with the IDX or CIFAR-10 binary files'),
    trainSize: int().min(1).default(8000).describe('training samples split across the nodes'),
    testSize: int().min(1).default(2000).describe('held-out samples for test accuracy'),
  })
  .strict();

/** How the training set is split across nodes. */
export const PartitionSchema = z
  .object({
    kind: z.enum(['iid', 'shards', 'dirichlet']).default('iid'),
    labelsPerNode: int().min(1).default(2).describe('shards: labels each node holds'),
    alpha: z.number().positive().default(0.5).describe('dirichlet: concentration'),
  })
  .strict();

/** Names of the rules that merge group models in Basil+'s cross-group aggregation. */
export const AGGREGATOR_NAMES = ['select-average', 'median', 'trimmed-mean'] as const;

/** Anonymous cyclic data sharing (ACDS): every node gives a small share of its data to all. */
export const AcdsSchema = z
  .object({
    enabled: z.boolean().default(false).describe('share data before training (non-IID runs)'),
    fraction: z
      .number()
      .gt(0)
      .lt(1)
      .default(0.05)
      .describe("share alpha of each node's samples; round(alpha * count) samples are shared"),
    groupSize: int()
      .min(3)
      .default(3)
      .describe('nodes per sharing group; the last group takes the remainder'),
    batchesPerNode: int()
      .min(1)
      .default(2)
      .describe('H: batches each share is cut into, one per pass around the group'),
  })
  .strict();

/** Basil+: groups of consecutive ring positions train in parallel and aggregate across groups. */
export const PlusSchema = z
  .object({
    groups: int().min(1).default(1).describe('G groups of consecutive positions; 1 is plain Basil'),
    roundsPerGlobalRound: int()
      .min(1)
      .default(1)
      .describe('rounds each group runs per global round; `rounds` counts global rounds'),
    aggregator: z
      .enum(AGGREGATOR_NAMES)
      .default('select-average')
      .describe('rule that merges the group models across groups'),
    trimFraction: z
      .number()
      .min(0)
      .lt(0.5)
      .default(0.1)
      .describe('trimmed-mean: share of group models cut at each end, per coordinate'),
  })
  .strict();

/** Fields of the whole run. */
export const RingSpecSchema = z
  .object({
    method: z.enum(METHOD_NAMES).default('basil'),
    nodes: int().min(2).max(1000).default(8).describe('ring size N'),
    memory: int().min(1).optional().describe('models kept per node S; default b + 1'),
    rounds: int().min(1).max(100000).default(15).describe('passes of the turn around the ring'),
    localSteps: int().min(1).default(10).describe('SGD steps per turn (tau)'),
    batchSize: int().min(1).default(32).describe('training mini-batch size'),
    selectionBatchSize: int().min(1).default(64).describe('batch that ranks the memory'),
    learningRate: z.number().positive().default(0.05),
    learningRateSchedule: z
      .enum(['constant', 'decay'])
      .default('constant')
      .describe('decay: eta0 / (1 + eta0 * round)'),
    seed: int().min(0).default(1).describe('fixes order, roles, data, init and batches'),
    model: z.enum(MODEL_NAMES).default('mnist-mlp'),
    dataset: DatasetSchema.prefault({}),
    partition: PartitionSchema.prefault({}),
    byzantine: ByzantineSchema.prefault({}),
    turnTimeoutMs: int().min(1).default(10000).describe('wait for the turn before taking it'),
    evalSamples: int().min(1).optional().describe('test samples per evaluation; default all'),
    acds: AcdsSchema.prefault({}),
    plus: PlusSchema.prefault({}),
  })
  .strict();

/** A ring spec as written by a user, before defaults. */
export type RingSpecInput = z.input<typeof RingSpecSchema>;

/** A ring spec with every default applied, before cross-field checks. */
type ParsedRingSpec = z.output<typeof RingSpecSchema>;

/** A validated ring spec with every default applied and S resolved. */
export type RingSpec = Readonly<ParsedRingSpec & { memory: number }>;

/** Attack settings with defaults applied. */
export type AttackSpec = RingSpec['byzantine']['attack'];

/** A model attack's name. */
export type AttackName = (typeof ATTACK_NAMES)[number];

/** ACDS settings with defaults applied. */
export type AcdsSpec = RingSpec['acds'];

/** Basil+ settings with defaults applied. */
export type PlusSpec = RingSpec['plus'];

/** A cross-group aggregation rule's name. */
export type AggregatorName = (typeof AGGREGATOR_NAMES)[number];

/** A zoo model's name. */
export type ModelName = (typeof MODEL_NAMES)[number];
