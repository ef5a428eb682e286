// The operator's settings: read once from the environment, validated and frozen. The only module
// of the operator that reads process.env; every default lives here.
import { hostname } from 'node:os';
import type { V1LocalObjectReference, V1ResourceRequirements } from '@kubernetes/client-node';
import { DEFAULT_NODE_RESOURCES, type NodeDefaults } from './objects.js';

/** Log levels the operator accepts. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Lease-based leader election: only the holder of the Lease reconciles. */
export interface LeaseSettings {
  readonly enabled: boolean;
  readonly name: string;
  readonly namespace: string;
  /** Who holds the Lease; the pod's name in a cluster. */
  readonly identity: string;
  readonly durationMs: number;
  /** The leader gives up when it could not renew for this long. */
  readonly renewDeadlineMs: number;
  /** Pause between attempts to acquire or renew. */
  readonly retryPeriodMs: number;
}

/** Settings of one operator process. */
export interface OperatorConfig {
  /** Namespace whose rings are served; empty for every namespace. */
  readonly namespace: string;
  readonly logLevel: (typeof LOG_LEVELS)[number];
  /** Port of the HTTP server with /metrics, /healthz and /readyz. */
  readonly port: number;
  readonly node: NodeDefaults;
  readonly lease: LeaseSettings;
}

/** A setting the operator cannot run with; the message names the variable and its value. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

type Env = Readonly<Record<string, string | undefined>>;

class Reader {
  constructor(private readonly env: Env) {}

  /** The variable's value, or undefined when unset or empty (as Kubernetes manifests leave it). */
  raw(variable: string): string | undefined {
    const value = this.env[variable];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  }

  text(variable: string, fallback: string, pattern = /^\S{1,253}$/): string {
    const value = this.raw(variable) ?? fallback;
    if (!pattern.test(value)) this.fail(variable, value, `text matching ${pattern.source}`);
    return value;
  }

  choice<T extends string>(variable: string, choices: readonly T[], fallback: T): T {
    const value = this.raw(variable) ?? fallback;
    const found = choices.find((choice) => choice === value);
    if (found === undefined) this.fail(variable, value, `one of ${choices.join(', ')}`);
    return found;
  }

  integer(variable: string, fallback: number, min: number, max: number): number {
    const value = this.raw(variable);
    if (value === undefined) return fallback;
    const parsed = /^\d+$/.test(value) ? Number(value) : Number.NaN;
    if (!(parsed >= min && parsed <= max)) this.fail(variable, value, `an integer ${min}-${max}`);
    return parsed;
  }

  flag(variable: string, fallback: boolean): boolean {
    return this.choice(variable, ['true', 'false'], fallback ? 'true' : 'false') === 'true';
  }

  json<T>(variable: string, fallback: T, check: (value: unknown) => boolean, expected: string): T {
    const value = this.raw(variable);
    if (value === undefined) return fallback;
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch {
      return this.fail(variable, value, expected);
    }
    if (!check(parsed)) this.fail(variable, value, expected);
    return parsed as T;
  }

  fail(variable: string, value: string, expected: string): never {
    throw new ConfigError(`${variable}: expected ${expected}, got ${JSON.stringify(value)}`);
  }
}

const isObject = (v: unknown): boolean => v !== null && typeof v === 'object' && !Array.isArray(v);

const isSecretList = (v: unknown): boolean =>
  Array.isArray(v) && v.every((item) => isObject(item) && typeof item.name === 'string');

const DNS_NAME = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

function leaseSettings(read: Reader): LeaseSettings {
  const enabled = read.flag('BASIL_LEADER_ELECTION', true);
  const namespace = read.raw('POD_NAMESPACE') ?? '';
  if (enabled && namespace === '') {
    throw new ConfigError('POD_NAMESPACE: required for leader election (the Lease lives there)');
  }
  if (namespace !== '') read.text('POD_NAMESPACE', '', DNS_NAME);
  const durationSeconds = read.integer('BASIL_LEASE_DURATION_SECONDS', 15, 2, 600);
  const renewSeconds = read.integer('BASIL_LEASE_RENEW_DEADLINE_SECONDS', 10, 1, 600);
  const retrySeconds = read.integer('BASIL_LEASE_RETRY_SECONDS', 2, 1, 600);
  if (!(retrySeconds < renewSeconds && renewSeconds < durationSeconds)) {
    read.fail(
      'BASIL_LEASE_RENEW_DEADLINE_SECONDS',
      String(renewSeconds),
      `a value between BASIL_LEASE_RETRY_SECONDS (${retrySeconds}) and ` +
        `BASIL_LEASE_DURATION_SECONDS (${durationSeconds})`,
    );
  }
  return {
    enabled,
    name: read.text('BASIL_LEASE_NAME', 'basil-operator', DNS_NAME),
    namespace,
    identity: read.text('POD_NAME', hostname()),
    durationMs: durationSeconds * 1000,
    renewDeadlineMs: renewSeconds * 1000,
    retryPeriodMs: retrySeconds * 1000,
  };
}

function nodeDefaults(read: Reader): NodeDefaults {
  const image = read.raw('BASIL_NODE_IMAGE');
  if (image === undefined) throw new ConfigError('BASIL_NODE_IMAGE: required (the ring pod image)');
  return {
    image: read.text('BASIL_NODE_IMAGE', image),
    imagePullPolicy: read.choice(
      'BASIL_NODE_IMAGE_PULL_POLICY',
      ['Always', 'IfNotPresent', 'Never'] as const,
      'IfNotPresent',
    ),
    resources: read.json<V1ResourceRequirements>(
      'BASIL_NODE_RESOURCES',
      DEFAULT_NODE_RESOURCES,
      isObject,
      'a JSON object with requests and limits',
    ),
    logLevel: read.choice('BASIL_NODE_LOG_LEVEL', LOG_LEVELS, 'info'),
    imagePullSecrets: read.json<V1LocalObjectReference[]>(
      'BASIL_NODE_IMAGE_PULL_SECRETS',
      [],
      isSecretList,
      'a JSON list of {"name": ...}',
    ),
  };
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

/** Reads, validates and freezes the settings; throws a ConfigError naming the bad variable. */
export function loadOperatorConfig(env: Env = process.env): OperatorConfig {
  const read = new Reader(env);
  const namespace = read.raw('BASIL_NAMESPACE') ?? '';
  if (namespace !== '') read.text('BASIL_NAMESPACE', '', DNS_NAME);
  return deepFreeze({
    namespace,
    logLevel: read.choice('BASIL_LOG_LEVEL', LOG_LEVELS, 'info'),
    port: read.integer('BASIL_HTTP_PORT', 8080, 0, 65535),
    node: nodeDefaults(read),
    lease: leaseSettings(read),
  });
}
