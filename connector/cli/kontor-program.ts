import { Command, type OutputConfiguration } from 'commander';
import { auditVerifyCommand } from './audit-verify-command.js';
import { authorityStartCommand } from './authority-start-command.js';
import { configCheckCommand } from './config-check-command.js';
import { credentialsRequestCommand } from './credentials-request-command.js';
import { dataspaceBootstrapCommand } from './dataspace-bootstrap-command.js';
import { dataspaceTrainCommand } from './dataspace-train-command.js';
import { healthCommand } from './health-command.js';
import { dataInspectCommand } from './data-inspect-command.js';
import { devCaCommand } from './dev-ca-command.js';
import { modelVerifyCommand, TRUST_DID_DOCUMENT_FLAG, type ModelVerifyOptions } from './model-verify-command.js';
import { initCommand } from './init-command.js';
import { startCommand } from './start-command.js';
import { releaseStopSignals } from './early-signals.js';

import { refuseRepeatedOptions, wholeNumber } from './flag-rules.js';
import { addVersionOption } from './version-option.js';

export const KONTOR_VERSION = '0.1.0';

/**
 * The `kontor` command line: every command, its flags and their rules (a flag given once, numbers checked before any
 * work). `output` and `exitOverride` let the tests parse in process without writing to the terminal or exiting.
 */
export function kontorProgram(setup: { output?: OutputConfiguration; exitOverride?: boolean } = {}): Command {
  const program = new Command();
  if (setup.output) program.configureOutput(setup.output);
  if (setup.exitOverride) program.exitOverride();
  program
    .name('kontor')
    .description(
      'Kontor: a data-space connector (DSP 2025-1, ODRL policies, verifiable credentials).\nConfiguration: docs/config.md. Every setting also has an environment variable.',
    )
    .showHelpAfterError()
    // Only the start commands take a signal held while the program loaded (kontor.ts); any other lets it act now.
    .hook('preAction', (_program, action) => {
      if (action.name() !== 'start') releaseStopSignals();
    });

  program
    .command('start')
    .description(
      'Run one connector: the management API (default 127.0.0.1:8181) and the public listener (default 0.0.0.0:8282; 127.0.0.1 with the development identity). SIGTERM/SIGINT drain in-flight requests and exit 0.',
    )
    .option('-c, --config <file>', 'JSON configuration file (environment variables override it)')
    .action(async (opts: { config?: string }) => startCommand(opts.config));

  program
    .command('config')
    .description('Check the configuration and print the effective settings (secrets redacted); exit 1 with every problem when invalid.')
    .option('-c, --config <file>', 'JSON configuration file (environment variables override it)')
    .action((opts: { config?: string }) => configCheckCommand(opts.config));

  program
    .command('init')
    .description(
      "Create this participant's Ed25519 key file (mode 0600) when missing and print its DID document (stdout; the key summary goes to stderr; no API key needed); --rotate adds a new current key (old ones only verify what they signed, they no longer authenticate); --retire removes a rotated key for good (its signatures no longer verify).",
    )
    .option('-c, --config <file>', 'JSON configuration file (environment variables override it)')
    .option('--rotate', 'add a new current key')
    .option('--retire <kid>', 'remove a rotated key (e.g. key-1) from the key file and the DID document; after --rotate when both are given')
    .action(async (opts: { config?: string; rotate?: boolean; retire?: string }) => initCommand(opts.config, { rotate: opts.rotate === true, retire: opts.retire }));

  const authority = program.command('authority').description("The data space's authority: registers participants and issues their credentials.");
  authority
    .command('start')
    .description('Run the authority: management API (participants, revocation) and public listener (DID document, credential issuance, status lists).')
    .option('-c, --config <file>', 'JSON configuration file (environment variables override it)')
    .action(async (opts: { config?: string }) => authorityStartCommand(opts.config));

  const credentials = program.command('credentials').description("This participant's verifiable credentials.");
  credentials
    .command('request')
    .description("Ask the authority (identity.authorityUrl) for this participant's credentials now; the connector must be running so the authority can resolve its DID.")
    .option('-c, --config <file>', 'JSON configuration file (environment variables override it)')
    .action(async (opts: { config?: string }) => credentialsRequestCommand(opts.config));

  const audit = program.command('audit').description('The tamper-evident audit log (hash chain over every decision, negotiation, transfer, training round and deletion).');
  audit
    .command('verify')
    .description(
      'Walk the hash chain; exit 1 naming the first edited, missing or reordered entry, or an expected head no longer in the log (a cut tail, which the chain alone cannot show).',
    )
    .option('-c, --config <file>', 'JSON configuration file (environment variables override it)')
    .option('--expect-head <seq:hash>', 'a head printed by an earlier run (e.g. 42:sha256:…), kept elsewhere: it must still be in the log')
    .action(async (opts: { config?: string; expectHead?: string }) => auditVerifyCommand(opts.config, opts.expectHead === undefined ? [] : [opts.expectHead]));

  program
    .command('health')
    .description('Ask the management listener of this configuration for GET /health/live (or /health/ready with --ready); exit 0 on 200, else 1. For container health checks.')
    .option('-c, --config <file>', 'JSON configuration file (environment variables override it)')
    .option('--ready', 'check readiness (database, keys, membership credential, authority) instead of liveness')
    .action(async (opts: { config?: string; ready?: boolean }) => healthCommand(opts.config, opts.ready === true));

  program
    .command('dev-ca')
    .description(
      'Development only: create a certificate authority in --out (once; reused after) and a certificate per --host (subjectAltName: the host, localhost, 127.0.0.1, ::1). Folder 0700, files 0600. Serve with tls.certFile/tls.keyFile; peers trust it with KONTOR_TLS_CA_FILE=<out>/ca.pem.',
    )
    .requiredOption('-o, --out <dir>', 'folder of the CA and the certificates')
    .requiredOption(
      '--host <names...>',
      "host names or IP addresses, one certificate each (not ca, nor a name ending in -key: their files would be the CA's or another host's key)",
    )
    .option('--days <n>', 'validity of the host certificates in days', wholeNumber(1, 3650), 365)
    .option('--renew', 'issue the host certificates again even when present')
    .action((opts: { out: string; host: string[]; days: number; renew?: boolean }) => devCaCommand(opts));

  const dataspace = program.command('dataspace').description('A whole data space: the authority and its participants.');
  dataspace
    .command('bootstrap')
    .description(
      'Register every participant of the plan at the authority, have each fetch its credentials, publish the training offers, and wait until all are ready (GET /health/ready). Safe to run again. Uses the API key of the configuration (KONTOR_API_KEY) for every management API.',
    )
    .requiredOption('-p, --plan <file>', 'JSON plan: the authority, the participants and the offers (see examples/compose/dataspace.json)')
    .option('-c, --config <file>', 'JSON configuration file (environment variables override it)')
    .option('--wait-attempts <n>', 'how often to poll a service that is not up yet (1 to 100000)', wholeNumber(1, 100_000), 120)
    .option('--wait-interval-ms <ms>', 'how long between two polls (1 to 600000)', wholeNumber(1, 600_000), 1000)
    .action(async (opts: { plan: string; config?: string; waitAttempts: number; waitIntervalMs: number }) =>
      dataspaceBootstrapCommand(opts.plan, opts.config, { attempts: opts.waitAttempts, intervalMs: opts.waitIntervalMs }),
    );
  dataspace
    .command('train')
    .description(
      "The plan's coordinator fetches each site's catalog, negotiates its training offer and starts the training over the agreements; prints the training id. Run after bootstrap.",
    )
    .requiredOption('-p, --plan <file>', 'the JSON plan given to bootstrap (sites need their publicUrl)')
    .option('-c, --config <file>', 'JSON configuration file (environment variables override it)')
    .option('--wait-attempts <n>', 'how often to poll a negotiation that is not finalized yet (1 to 100000)', wholeNumber(1, 100_000), 120)
    .option('--wait-interval-ms <ms>', 'how long between two polls (1 to 600000)', wholeNumber(1, 600_000), 500)
    .action(async (opts: { plan: string; config?: string; waitAttempts: number; waitIntervalMs: number }) =>
      dataspaceTrainCommand(opts.plan, opts.config, { attempts: opts.waitAttempts, intervalMs: opts.waitIntervalMs }),
    );
  const data = program.command('data').description("A site's own training data.");
  data
    .command('inspect')
    .description(
      'Profile a CSV or Parquet file offline (columns, inferred types, missing values, class balance) and print a training data address with a schema ready to paste into an asset.',
    )
    .argument('<file>', 'the CSV file (first line: column names) or Parquet file (.parquet)')
    .option('--label <column>', 'the label column (default: the last column)')
    .option('--delimiter <char>', 'the field delimiter (default ,)')
    .action(async (file: string, opts: { label?: string; delimiter?: string }) => dataInspectCommand(file, opts));
  const model = program.command('model').description('Trained models and their provenance.');
  model
    .command('verify')
    .description(
      "Check a model file (GET /api/v1/trainings/{id}/model) offline against its provenance (GET /api/v1/trainings/{id}/provenance): file and weights hashes, the coordinator's credential and every site's countersignature.",
    )
    .argument('<file>', 'the model file')
    .requiredOption('--provenance <file>', 'the provenance JSON')
    .option(TRUST_DID_DOCUMENT_FLAG, "a signer's DID document, obtained elsewhere, to check its keys against (one per signer); without it a pass is 'self-consistent only'")
    .action(async (file: string, opts: ModelVerifyOptions) => modelVerifyCommand(file, opts));

  addVersionOption(program, KONTOR_VERSION);
  refuseRepeatedOptions(program);
  return program;
}
