import type { Clock, IdGenerator } from '../../../core/index.js';
import type { KontorConfig } from '../../config/kontor-config.js';
import { outboundPolicyFromConfig, type OutboundPolicy } from '../../http/outbound/index.js';
import type { KeyFileOpening } from '../keys/key-file.js';
import type { ReplayCache } from '../token/replay-cache.js';
import { createIdentityRuntime, type IdentityRuntime } from './identity-runtime.js';

/**
 * The identity runtime a configuration describes: the one set of options shared by the connector, the authority and
 * `kontor credentials request`. `outbound` is the caller's outbound policy (made from the configuration when absent);
 * `replayCache` where spent token ids are kept (this process's memory when absent); `keyFileOpening` how a missing key
 * file is taken (created when absent; `existing-only` for a command that must use the connector's own keys).
 */
export function identityRuntimeFromConfig(
  config: Pick<KontorConfig, 'did' | 'identity' | 'participantId' | 'tls' | 'outbound'>,
  deps: { clock: Clock; ids: IdGenerator; outbound?: OutboundPolicy; replayCache?: ReplayCache; keyFileOpening?: KeyFileOpening },
): Promise<IdentityRuntime> {
  return createIdentityRuntime({
    did: config.participantId,
    keyFile: config.identity.keyFile,
    trustedIssuers: config.identity.trustedIssuers,
    allowHttpLoopback: config.did.allowHttpLoopback,
    httpHosts: config.did.httpHosts,
    didCacheTtlMs: config.did.cacheTtlMs,
    didCacheSize: config.did.cacheSize,
    didNegativeCacheTtlMs: config.did.negativeCacheTtlMs,
    didFetchesPerMinute: config.did.fetchesPerMinute,
    statusRefreshMs: config.identity.statusRefreshMs,
    tokenTtlSeconds: config.identity.tokenTtlSeconds,
    clock: deps.clock,
    ids: deps.ids,
    outbound: deps.outbound ?? outboundPolicyFromConfig(config),
    ...(deps.replayCache ? { replayCache: deps.replayCache } : {}),
    ...(deps.keyFileOpening ? { keyFileOpening: deps.keyFileOpening } : {}),
  });
}
