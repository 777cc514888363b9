import type { Command } from 'commander';

/**
 * `kontor --version` (or `-V`) prints the version and takes nothing else: commander's own `.version()` exits as soon
 * as it meets the flag and ignores the rest (`kontor --version extra`). Call after the subcommands are added: the
 * program's own action allows operands only to tell an unknown command from them.
 */
export function addVersionOption(program: Command, version: string): void {
  program
    .option('-V, --version', 'output the version number')
    .allowExcessArguments(true)
    .hook('preSubcommand', (_program, sub) => {
      if (program.opts().version === true) program.error(`error: --version takes no command or argument, got '${sub.name()}'`);
    })
    .action((opts: { version?: boolean }, command: Command) => {
      const operands = command.args;
      if (opts.version === true && operands.length > 0) program.error(`error: --version takes no argument, got '${operands.join(' ')}'`);
      if (operands.length > 0) program.error(`error: unknown command '${operands[0]}'`);
      if (opts.version === true) (program.configureOutput().writeOut ?? ((text: string) => process.stdout.write(text)))(`${version}\n`);
      else program.help({ error: true });
    });
}
