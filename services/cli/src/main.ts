// The `basil` command line: parses arguments and hands off to one command.
import { Command, CommanderError, Option } from 'commander';
import { DataError, SpecError } from '../../core/src/index.js';
import { simulateCommand } from './commands/simulate.js';
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
    .option('--out <dir>', 'folder for results.json and spec.yaml');
}

function program(run: (code: Promise<number>) => void): Command {
  const root = new Command('basil')
    .description('Byzantine-robust decentralized training on a logical ring')
    .exitOverride()
    .showHelpAfterError();
  specOptions(root.command('simulate').description('run the whole ring in this process')).action(
    async (flags: SpecFlags & { out?: string }) => {
      run(resolveSpec(flags).then((spec) => simulateCommand(spec, flags.out)));
    },
  );
  return root;
}

/** Known input problems print one line and exit 2; anything else is a bug and keeps its stack. */
function report(error: unknown): number {
  if (error instanceof SpecError || error instanceof UsageError || error instanceof DataError) {
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
