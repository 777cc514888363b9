import { FixedClock, type Clock, type Logger } from '../../core/index.js';
import type { KontorConfig } from '../config/kontor-config.js';
import type { HeldCredentialStore } from '../identity/index.js';
import { clockCheck } from './clock-check.js';
import type { ReadinessCheck } from './readiness.js';
import { authorityCheck, databaseCheck, keysCheck, membershipCheck, type MembershipStandingCheck } from './readiness-checks.js';

/**
 * What a connector must have to serve: its database (reachable, migrated); on PostgreSQL (replicas) a clock close to
 * the database's; with the DCP identity its keys; and, with an authority configured, a MembershipCredential not about
 * to expire that still verifies (`membership`: the credential requester's watch) and the authority reachable.
 */
export function connectorReadiness(o: {
  config: Pick<KontorConfig, 'health' | 'identity' | 'stateMachine'>;
  database: { problem(): Promise<string | undefined>; databaseNow?: () => Promise<number> };
  clock: Clock;
  logger: Logger;
  wallet: HeldCredentialStore;
  keys: { all(): readonly unknown[] } | undefined;
  /** Whether the held MembershipCredential still verifies (`CredentialRequester.membership`). */
  membership?: MembershipStandingCheck | undefined;
}): ReadinessCheck[] {
  const authorityUrl = o.keys ? o.config.identity.authorityUrl : undefined;
  const databaseNow = o.database.databaseNow;
  return [
    databaseCheck(o.database),
    ...(databaseNow && !(o.clock instanceof FixedClock) ? [clockCheck({ clock: o.clock, logger: o.logger, databaseNow, leaseMs: o.config.stateMachine.leaseMs })] : []),
    ...(o.keys ? [keysCheck(o.keys)] : []),
    ...(authorityUrl ? [membershipCheck(o.wallet, o.clock, o.config.health.credentialMarginMs, o.membership), authorityCheck(authorityUrl)] : []),
  ];
}
