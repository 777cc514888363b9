#!/usr/bin/env node
import { Command } from 'commander';
import { configCheckCommand } from './config-check-command.js';
import { startCommand } from './start-command.js';

const program = new Command();
program
  .name('kontor')
  .description('Kontor: a data-space connector (DSP 2025-1, ODRL policies, verifiable credentials).\nConfiguration: docs/config.md. Every setting also has an environment variable.')
  .version('0.1.0')
  .showHelpAfterError();

program
  .command('start')
  .description('Run one connector: the management API (default 127.0.0.1:8181) and the public listener (default 0.0.0.0:8282). SIGTERM/SIGINT drain in-flight requests and exit 0.')
  .option('-c, --config <file>', 'JSON configuration file (environment variables override it)')
  .action(async (opts: { config?: string }) => startCommand(opts.config));

program
  .command('config')
  .description('Check the configuration and print the effective settings (secrets redacted); exit 1 with every problem when invalid.')
  .option('-c, --config <file>', 'JSON configuration file (environment variables override it)')
  .action((opts: { config?: string }) => configCheckCommand(opts.config));

await program.parseAsync(process.argv);
