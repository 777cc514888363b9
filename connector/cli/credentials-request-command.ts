import { pino } from 'pino';
import { randomIds, systemClock } from '../../core/index.js';
import { loadConfig } from '../config/load-config.js';
import { trustProcessWide } from '../http/tls/process-trust.js';
import { trustedCas } from '../http/tls/trusted-cas.js';
import { CredentialRequester, identityRuntimeFromConfig } from '../identity/index.js';
import type { Stores } from '../store/sql/create-stores.js';
import { openExistingStores } from './existing-store.js';
import { checkKeyFilePath, missingKeyFile } from './key-file-check.js';
import { reportStartupError } from './report-startup-error.js';

const COMMAND = 'kontor credentials request';

/**
 * `kontor credentials request`: ask the authority for this participant's credentials by hand. The authority
 * resolves our DID document, so the connector's public listener must be running (`kontor start`), and its store is
 * there: a store that is not (a mistyped path) is an error, not a new one holding credentials the connector never sees.
 */
export async function credentialsRequestCommand(configFile: string | undefined): Promise<void> {
  let stores: Stores | undefined;
  try {
    const config = loadConfig({ file: configFile });
    if (!config.identity.authorityUrl) throw new Error('identity.authorityUrl (KONTOR_AUTHORITY_URL) is not set');
    await checkKeyFilePath(config.identity.keyFile);
    const logger = pino({ level: 'warn' });
    trustProcessWide(trustedCas(config.tls.caFile)); // the authority's HTTPS listener
    // It adds the credentials it fetched to the store (read-write, at this build's level only).
    stores = await openExistingStores(config.store, COMMAND, { use: 'add' }, { clock: systemClock, logger });
    // The issued credentials' status lists and issuer DIDs. The keys are the connector's own (the authority knows its DID
    // by them): the key file is opened existing-only, a missing one is refused by name and none is created.
    const runtime = await identityRuntimeFromConfig(config, { clock: systemClock, ids: randomIds, keyFileOpening: 'existing-only' }).catch((error: unknown) => {
      throw (error as { code?: unknown } | undefined)?.code === 'ENOENT' ? missingKeyFile(config.identity.keyFile, COMMAND) : error;
    });
    const held = await new CredentialRequester({ runtime, wallet: stores.heldCredentials, authorityUrl: config.identity.authorityUrl, clock: systemClock, logger }).request();
    for (const c of held) process.stdout.write(`${c.types.join(', ')} from ${c.issuer}, valid until ${new Date(c.validUntil).toISOString()}\n`);
  } catch (error) {
    reportStartupError(error, COMMAND);
    process.exitCode = 1;
  } finally {
    await stores?.close();
  }
}
