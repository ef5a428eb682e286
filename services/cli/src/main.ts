// The `basil` command line: parses arguments and hands off to one command.
import { Command, CommanderError, Option } from 'commander';
import { DataError, SpecError } from '../../core/src/index.js';
import { runCommand } from './commands/run.js';
import { simulateCommand } from './commands/simulate.js';
import { defaultRing } from './default-spec.js';
import { resolveSpec, UsageError, type SpecFlags } from './spec-input.js';

function specOptions(command: Command): Command {
  return command
    .option('--spec <file>', 'ring spec (YAML or JSON, or a BasilRing manifest)')
    .addOption(new Option('--method <name>', 'training method').choices(['basil', 'r-plain']))
    .option('--nodes <n>', 'ring size N')
    .option('--byzantine <b>', 'number of Byzantine nodes')
    .option('--memory <s>', 'models kept per node (default b + 1)')
    .option('--attack <name>', 'attack of the Byzantine nodes')
    .option('--placement <kind>', 'random, consecutive or explicit')
    .option('--rounds <r>', 'rounds of the turn around the ring')
    .option('--seed <n>', 'seed of every random choice')
    .option('--partition <kind>', 'iid, shards or dirichlet')
    .option('--acds-fraction <f>', "turn ACDS on and share this fraction of every node's samples")
    .option('--groups <g>', 'Basil+ groups of consecutive positions (1 = plain Basil)')
    .option('--out <dir>', 'folder for results.json, spec.yaml and the accuracy charts');
}

/** Flags of `basil node`; the node's own config validates them and supplies defaults. */
interface NodeFlags {
  grpcPort?: string;
  metricsPort?: string;
  host?: string;
  logLevel?: string;
  nodeId?: string;
  exitWithParent?: boolean;
}

function port(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d{1,5}$/.test(text) || Number(text) > 65535) {
    throw new UsageError(`--${flag}: expected a port number from 0 to 65535, got "${text}"`);
  }
  return Number(text);
}

async function nodeCommand(flags: NodeFlags): Promise<number> {
  const grpcPort = port('grpc-port', flags.grpcPort);
  const metricsPort = port('metrics-port', flags.metricsPort);
  // Loaded on demand: only this command needs the node service and its gRPC servers.
  const { runNode } = await import('../../node/src/main.js');
  return runNode({ ...flags, grpcPort, metricsPort });
}

async function operatorCommand(): Promise<number> {
  const { runOperator, LeadershipLostError } =
    await import('../../operator/src/kubernetes/main.js');
  const { ConfigError } = await import('../../operator/src/kubernetes/config.js');
  const stop = new AbortController();
  const onSignal = (): void => stop.abort();
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
  try {
    await runOperator({ signal: stop.signal });
    return 0;
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(error.message);
    // Losing the Lease ends this replica; its pod restarts and waits to lead again.
    if (error instanceof LeadershipLostError) return 1;
    throw error;
  } finally {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
  }
}

function program(run: (code: Promise<number>) => void): Command {
  const root = new Command('basil')
    .description('Byzantine-robust decentralized training on a logical ring')
    .exitOverride()
    .showHelpAfterError('(basil --help lists commands; basil <command> --help their options)');
  specOptions(root.command('simulate').description('run the whole ring in this process')).action(
    (flags: SpecFlags & { out?: string }) => {
      run(resolveSpec(flags, defaultRing()).then((spec) => simulateCommand(spec, flags.out)));
    },
  );
  specOptions(
    root.command('run').description('run the ring as node processes on this machine'),
  ).action((flags: SpecFlags & { out?: string }) => {
    run(resolveSpec(flags, defaultRing()).then((spec) => runCommand(spec, { out: flags.out })));
  });
  root
    .command('node')
    .description('serve one ring node (gRPC and /metrics) until SIGTERM')
    .option('--grpc-port <port>', 'port of the RingNode and NodeControl services')
    .option('--metrics-port <port>', 'port of /metrics')
    .option('--host <host>', 'address to listen on')
    .option('--log-level <level>', 'fatal, error, warn, info, debug, trace or silent')
    .option('--node-id <id>', 'name of this node in logs and messages')
    .option('--exit-with-parent', 'stop when standard input closes (set by basil run)')
    .action((flags: NodeFlags) => run(nodeCommand(flags)));
  root
    .command('operator')
    .description('reconcile BasilRing resources on a Kubernetes cluster (configured by env)')
    .action(() => run(operatorCommand()));
  return root;
}

/** Known input problems print one line and exit 2; anything else is a bug and keeps its stack. */
function report(error: unknown): number {
  if (error instanceof SpecError) {
    console.error(`basil: invalid ring spec (${error.source}): ${error.issues.join('; ')}`);
    return 2;
  }
  if (error instanceof UsageError || error instanceof DataError) {
    console.error(`basil: ${error.message}`);
    return 2;
  }
  console.error(error);
  return 1;
}

/** Runs the CLI with the given arguments and resolves to the process exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  let pending: Promise<number> = Promise.resolve(0);
  try {
    await program((code) => (pending = code)).parseAsync([...argv], { from: 'user' });
    return await pending;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    return report(error);
  }
}
