import { sql } from 'kysely';
import { toIso, type Clock } from '../../core/index.js';
import type { HeldCredentialStore } from '../identity/runtime/held-credentials.js';
import type { Database } from '../store/database.js';
import { MIGRATIONS } from '../store/migrations/index.js';
import type { ReadinessCheck } from './readiness.js';

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** The database answers and carries every migration this build knows. */
export function databaseCheck(database: Database): ReadinessCheck {
  const latest = Math.max(...MIGRATIONS.map((m) => m.version));
  return {
    name: 'database',
    async check() {
      let version: number;
      try {
        const { rows } = await sql<{ v: unknown }>`SELECT MAX(version) AS v FROM kontor_migrations`.execute(database.db);
        version = Number(rows[0]?.v ?? 0);
      } catch (error) {
        return `the ${database.dialect} database cannot be queried: ${message(error)}`;
      }
      return version >= latest ? undefined : `the database is at migration ${version}, this build needs ${latest}`;
    },
  };
}

/** This participant's signing keys are loaded (the DCP identity). */
export function keysCheck(keys: { all(): readonly unknown[] }): ReadinessCheck {
  return { name: 'keys', check: async () => (keys.all().length > 0 ? undefined : 'no signing key is loaded') };
}

/** A MembershipCredential is held and stays valid for at least `marginMs`. */
export function membershipCheck(wallet: HeldCredentialStore, clock: Clock, marginMs: number): ReadinessCheck {
  return {
    name: 'membershipCredential',
    async check() {
      const held = (await wallet.list()).filter((c) => c.types.includes('MembershipCredential'));
      if (held.length === 0) return 'no MembershipCredential is held (is this participant registered at the authority?)';
      const until = Math.max(...held.map((c) => c.validUntil));
      return until - clock.now() >= marginMs ? undefined : `the MembershipCredential expires at ${toIso(until)}, within ${marginMs} ms`;
    },
  };
}

/** The authority (its public listener's /health) answers. */
export function authorityCheck(authorityUrl: string): ReadinessCheck {
  const url = `${authorityUrl.replace(/\/$/, '')}/health`;
  return {
    name: 'authority',
    async check() {
      try {
        const res = await fetch(url, { signal: AbortSignal.timeout(2000), redirect: 'error' });
        return res.ok ? undefined : `${url} answered ${res.status}`;
      } catch (error) {
        return `${url} cannot be reached: ${message(error)}`;
      }
    },
  };
}
