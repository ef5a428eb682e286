// The node's settings: read once from the environment, overridden by command-line options,
// validated and frozen. The only module of the node that reads process.env.
import { hostname } from 'node:os';

/** Settings of one node process. */
export interface NodeConfig {
  readonly grpcPort: number;
  readonly metricsPort: number;
  readonly host: string;
  readonly logLevel: LogLevel;
  readonly nodeId: string;
}

/** Values given on the command line; each one wins over its environment variable. */
export type NodeOverrides = { readonly [K in keyof NodeConfig]?: NodeConfig[K] | string | number };

/** Log levels the node accepts. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** One of LOG_LEVELS. */
export type LogLevel = (typeof LOG_LEVELS)[number];

/** A setting with a value the node cannot run with; the message names the setting and value. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

type Parser<T> = (text: string) => T | undefined;

const port: Parser<number> = (text) => {
  const value = /^\d{1,5}$/.test(text) ? Number(text) : Number.NaN;
  return value <= 65535 ? value : undefined;
};

const logLevel: Parser<LogLevel> = (text) => LOG_LEVELS.find((level) => level === text);

const name: Parser<string> = (text) => (/^[^\s]{1,253}$/.test(text) ? text : undefined);

interface Setting<K extends keyof NodeConfig> {
  readonly key: K;
  readonly variable: string;
  readonly fallback: () => NodeConfig[K];
  readonly parse: Parser<NodeConfig[K]>;
  readonly expected: string;
}

const setting = <K extends keyof NodeConfig>(s: Setting<K>): Setting<K> => s;

/** Every setting with its variable and default: the one place defaults live. */
const SETTINGS = [
  setting({
    key: 'grpcPort',
    variable: 'BASIL_GRPC_PORT',
    fallback: () => 50051,
    parse: port,
    expected: 'a port number from 0 to 65535',
  }),
  setting({
    key: 'metricsPort',
    variable: 'BASIL_METRICS_PORT',
    fallback: () => 9464,
    parse: port,
    expected: 'a port number from 0 to 65535',
  }),
  setting({
    key: 'host',
    variable: 'BASIL_HOST',
    fallback: () => '0.0.0.0',
    parse: name,
    expected: 'a host name or address',
  }),
  setting({
    key: 'logLevel',
    variable: 'BASIL_LOG_LEVEL',
    fallback: () => 'info',
    parse: logLevel,
    expected: `one of ${LOG_LEVELS.join(', ')}`,
  }),
  setting({
    key: 'nodeId',
    variable: 'BASIL_NODE_ID',
    fallback: () => hostname(),
    parse: name,
    expected: 'a name of 1 to 253 characters without spaces',
  }),
];

function resolve<K extends keyof NodeConfig>(
  s: Setting<K>,
  overrides: NodeOverrides,
  env: NodeJS.ProcessEnv,
): NodeConfig[K] {
  const override = overrides[s.key];
  const fromEnv = env[s.variable];
  // An empty variable counts as unset, as in shells and Kubernetes manifests; an empty option
  // was typed on purpose and is checked.
  if (override === undefined && (fromEnv === undefined || fromEnv === '')) return s.fallback();
  const [source, raw] =
    override !== undefined ? [`option ${s.key}`, String(override)] : [s.variable, String(fromEnv)];
  const value = s.parse(raw);
  if (value === undefined) {
    throw new ConfigError(`${source}: expected ${s.expected}, got ${JSON.stringify(raw)}`);
  }
  return value;
}

/** Reads, validates and freezes the node's settings; throws a ConfigError naming the bad one. */
export function loadConfig(
  overrides: NodeOverrides = {},
  env: NodeJS.ProcessEnv = process.env,
): NodeConfig {
  const entries = SETTINGS.map((s) => [s.key, resolve(s, overrides, env)] as const);
  return Object.freeze(Object.fromEntries(entries) as unknown as NodeConfig);
}
