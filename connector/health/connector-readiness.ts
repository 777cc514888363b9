import type { Clock } from '../../core/index.js';
import type { KontorConfig } from '../config/kontor-config.js';
import type { HeldCredentialStore } from '../identity/index.js';
import type { ReadinessCheck } from './readiness.js';
import { authorityCheck, databaseCheck, keysCheck, membershipCheck } from './readiness-checks.js';

/**
 * What a connector must have to serve: its database (reachable, migrated); with the DCP identity its keys;
 * and, with an authority configured, a MembershipCredential not about to expire and the authority reachable.
 */
export function connectorReadiness(o: {
  config: Pick<KontorConfig, 'health' | 'identity'>;
  database: { problem(): Promise<string | undefined> };
  clock: Clock;
  wallet: HeldCredentialStore;
  keys: { all(): readonly unknown[] } | undefined;
}): ReadinessCheck[] {
  const authorityUrl = o.keys ? o.config.identity.authorityUrl : undefined;
  return [
    databaseCheck(o.database),
    ...(o.keys ? [keysCheck(o.keys)] : []),
    ...(authorityUrl ? [membershipCheck(o.wallet, o.clock, o.config.health.credentialMarginMs), authorityCheck(authorityUrl)] : []),
  ];
}
