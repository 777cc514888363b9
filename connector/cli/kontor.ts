#!/usr/bin/env node
import { Command } from 'commander';
import { auditVerifyCommand } from './audit-verify-command.js';
import { authorityStartCommand } from './authority-start-command.js';
import { configCheckCommand } from './config-check-command.js';
import { credentialsRequestCommand } from './credentials-request-command.js';
import { dataInspectCommand } from './data-inspect-command.js';
import { initCommand } from './init-command.js';
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

program
  .command('init')
  .description('Create this participant\'s Ed25519 key file (mode 0600) when missing and print its DID document; --rotate adds a new current key and keeps the old ones for verification.')
  .option('-c, --config <file>', 'JSON configuration file (environment variables override it)')
  .option('--rotate', 'add a new current key')
  .action(async (opts: { config?: string; rotate?: boolean }) => initCommand(opts.config, { rotate: opts.rotate === true }));

const authority = program.command('authority').description('The data space\'s authority: registers participants and issues their credentials.');
authority
  .command('start')
  .description('Run the authority: management API (participants, revocation) and public listener (DID document, credential issuance, status lists).')
  .option('-c, --config <file>', 'JSON configuration file (environment variables override it)')
  .action(async (opts: { config?: string }) => authorityStartCommand(opts.config));

const credentials = program.command('credentials').description('This participant\'s verifiable credentials.');
credentials
  .command('request')
  .description('Ask the authority (identity.authorityUrl) for this participant\'s credentials now; the connector must be running so the authority can resolve its DID.')
  .option('-c, --config <file>', 'JSON configuration file (environment variables override it)')
  .action(async (opts: { config?: string }) => credentialsRequestCommand(opts.config));

const audit = program.command('audit').description('The tamper-evident audit log (hash chain over every decision, negotiation, transfer, training round and deletion).');
audit
  .command('verify')
  .description('Walk the hash chain; exit 1 naming the first edited, missing or reordered entry.')
  .option('-c, --config <file>', 'JSON configuration file (environment variables override it)')
  .action(async (opts: { config?: string }) => auditVerifyCommand(opts.config));

const data = program.command('data').description('A site\'s own training data.');
data
  .command('inspect')
  .description('Profile a CSV or Parquet file offline (columns, inferred types, missing values, class balance) and print a training data address with a schema ready to paste into an asset.')
  .argument('<file>', 'the CSV file (first line: column names) or Parquet file (.parquet)')
  .option('--label <column>', 'the label column (default: the last column)')
  .option('--delimiter <char>', 'the field delimiter (default ,)')
  .action(async (file: string, opts: { label?: string; delimiter?: string }) => dataInspectCommand(file, opts));

await program.parseAsync(process.argv);
