import { pino } from 'pino';
import { randomIds, systemClock } from '../../core/index.js';
import { loadConfig } from '../config/load-config.js';
import { installOutboundPolicy, outboundPolicyFromConfig } from '../http/outbound/index.js';
import { trustedCas } from '../http/tls/trusted-cas.js';
import { createIdentityRuntime, CredentialRequester } from '../identity/index.js';
import { createStores } from '../store/create-stores.js';
import { reportStartupError } from './report-startup-error.js';

/**
 * `kontor credentials request`: ask the authority for this participant's credentials by hand. The authority
 * resolves our DID document, so the connector's public listener must be running (`kontor start`).
 */
export async function credentialsRequestCommand(configFile: string | undefined): Promise<void> {
  let stores;
  try {
    const config = loadConfig({ file: configFile });
    if (!config.identity.authorityUrl) throw new Error('identity.authorityUrl (KONTOR_AUTHORITY_URL) is not set');
    const logger = pino({ level: 'warn' });
    installOutboundPolicy(outboundPolicyFromConfig(config), trustedCas(config.tls.caFile)); // the issued credentials' status lists and issuer DIDs
    stores = await createStores(config.store, { clock: systemClock, logger });
    const runtime = await createIdentityRuntime({
      did: config.participantId, keyFile: config.identity.keyFile, trustedIssuers: config.identity.trustedIssuers, allowHttpLoopback: config.did.allowHttpLoopback, httpHosts: config.did.httpHosts,
      didCacheTtlMs: config.did.cacheTtlMs, didCacheSize: config.did.cacheSize, statusRefreshMs: config.identity.statusRefreshMs, tokenTtlSeconds: config.identity.tokenTtlSeconds,
      clock: systemClock, ids: randomIds,
    });
    const held = await new CredentialRequester({ runtime, wallet: stores.heldCredentials, authorityUrl: config.identity.authorityUrl, clock: systemClock, logger }).request();
    for (const c of held) process.stdout.write(`${c.types.join(', ')} from ${c.issuer}, valid until ${new Date(c.validUntil).toISOString()}\n`);
  } catch (error) {
    reportStartupError(error);
    process.exitCode = 1;
  } finally {
    await stores?.close();
  }
}
