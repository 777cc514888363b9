import { toIso, type Clock } from '../../core/index.js';
import type { HeldCredentialStore } from '../identity/index.js';
import type { ReadinessCheck } from './readiness.js';

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** The database answers, carries every migration this build knows and, on SQLite, is still the file at store.path (the store says why not). */
export function databaseCheck(store: { problem(): Promise<string | undefined> }): ReadinessCheck {
  return {
    name: 'database',
    failure: 'the store cannot be queried, is not migrated for this build, or its file at store.path was removed or replaced',
    check: () => store.problem(),
  };
}

/** This participant's signing keys are loaded (the DCP identity). */
export function keysCheck(keys: { all(): readonly unknown[] }): ReadinessCheck {
  return { name: 'keys', failure: 'no signing key is loaded', check: async () => (keys.all().length > 0 ? undefined : 'no signing key is loaded') };
}

/** Why the held MembershipCredential does not verify as a peer would verify it (the requester's watch), or undefined. */
export interface MembershipStandingCheck {
  problem(): Promise<string | undefined>;
}

/**
 * A MembershipCredential is held, stays valid for at least `marginMs` and, with `standing`, still verifies as a peer
 * would (signature against the issuer's current DID document, status list): verified at most once per the watch's
 * interval, not at every probe.
 */
export function membershipCheck(wallet: HeldCredentialStore, clock: Clock, marginMs: number, standing?: MembershipStandingCheck): ReadinessCheck {
  return {
    name: 'membershipCredential',
    failure: 'no MembershipCredential is held, it expires within health.credentialMarginMs, or it no longer verifies',
    async check() {
      const held = (await wallet.list()).filter((c) => c.types.includes('MembershipCredential'));
      if (held.length === 0) return 'no MembershipCredential is held (is this participant registered at the authority?)';
      const until = Math.max(...held.map((c) => c.validUntil));
      if (until - clock.now() < marginMs) return `the MembershipCredential expires at ${toIso(until)}, within ${marginMs} ms`;
      return standing?.problem();
    },
  };
}

/** The authority (its public listener's /health) answers. The detail names the URL without any user:password@. */
export function authorityCheck(authorityUrl: string): ReadinessCheck {
  const url = `${authorityUrl.replace(/\/$/, '')}/health`;
  const shown = withoutUserinfo(url);
  return {
    name: 'authority',
    failure: 'the authority cannot be reached',
    async check() {
      try {
        const res = await fetch(url, { signal: AbortSignal.timeout(2000), redirect: 'error' });
        return res.ok ? undefined : `${shown} answered ${res.status}`;
      } catch (error) {
        return `${shown} cannot be reached: ${message(error).replaceAll(url, shown)}`;
      }
    },
  };
}

function withoutUserinfo(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    return parsed.toString();
  } catch {
    return '(the configured authority URL)';
  }
}
