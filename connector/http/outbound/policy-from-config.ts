import type { KontorConfig } from '../../config/kontor-config.js';
import { trustedCas } from '../tls/trusted-cas.js';
import { createOutboundPolicy, type OutboundPolicy } from './outbound-policy.js';

/**
 * The outbound policy a configuration describes. Loopback (over plain http too) is a development exception: on
 * with did.allowHttpLoopback or the development identity, as tests and the demo run on 127.0.0.1; a production
 * configuration has neither, so loopback, private, link-local and the other denied ranges stay refused.
 * Certificates are verified against Node's roots plus tls.caFile.
 */
export function outboundPolicyFromConfig(config: Pick<KontorConfig, 'did' | 'identity' | 'outbound' | 'tls'>): OutboundPolicy {
  return createOutboundPolicy({
    allowLoopback: config.did.allowHttpLoopback || config.identity.kind === 'dev',
    httpHosts: config.did.httpHosts,
    allowAddresses: config.outbound.allowAddresses,
    denyAddresses: config.outbound.denyAddresses,
    ca: trustedCas(config.tls.caFile),
  });
}
