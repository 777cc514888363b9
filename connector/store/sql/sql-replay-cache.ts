import { sql } from 'kysely';
import type { Clock } from '../../../core/index.js';
import type { Database } from '../database.js';
import { guarded } from '../sql-errors.js';
import type { ReplayCache, ReplayVerdict } from '../../identity/index.js';

const TABLE = 'token_replay';
/** Advisory lock space of the per-issuer lock (with the issuer's hash as the second key). */
const ISSUER_LOCK_SPACE = 7345019;
/** How often one process sweeps expired ids of every issuer (each issuer's own are swept at its every use). */
const SWEEP_EVERY_MS = 60_000;

/**
 * The replay cache in the database (migration 0012), for replicas: one token id is accepted once in total by all
 * processes on one schema. `use` runs in one transaction: on PostgreSQL it takes the issuer's advisory lock (two
 * replicas spending ids of one issuer queue; other issuers are not held up), drops the issuer's expired ids, then
 * answers `replayed` when the id is there, `full` when the issuer holds `maxPerIssuer` live ids, and otherwise
 * inserts it (ON CONFLICT DO NOTHING, so even a writer without the lock cannot admit an id twice). Only verified
 * callers get here (spend-token-id.ts), so the per-issuer bound is what limits one member.
 */
export class SqlReplayCache implements ReplayCache {
  private lastSweep = Number.NEGATIVE_INFINITY;
  private readonly maxPerIssuer: number;

  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
    limits: { maxPerIssuer?: number } = {},
  ) {
    this.maxPerIssuer = limits.maxPerIssuer ?? 10_000;
  }

  seen(issuer: string, jti: string): Promise<boolean> {
    return guarded('the replay cache', async () => {
      const row = await this.database.db
        .selectFrom(TABLE)
        .select('jti')
        .where('issuer', '=', issuer)
        .where('jti', '=', jti)
        .where('expires_at', '>', this.clock.now())
        .executeTakeFirst();
      return row !== undefined;
    });
  }

  use(issuer: string, jti: string, expiresAtMs: number): Promise<ReplayVerdict> {
    return guarded('the replay cache', async () => {
      const now = this.clock.now();
      const verdict = await this.database.db.transaction().execute(async (trx): Promise<ReplayVerdict> => {
        if (this.database.dialect === 'postgres') await sql`SELECT pg_advisory_xact_lock(${ISSUER_LOCK_SPACE}, hashtext(${issuer}))`.execute(trx);
        await trx.deleteFrom(TABLE).where('issuer', '=', issuer).where('expires_at', '<=', now).execute();
        const present = await trx.selectFrom(TABLE).select('jti').where('issuer', '=', issuer).where('jti', '=', jti).executeTakeFirst();
        if (present) return 'replayed';
        const count = await trx
          .selectFrom(TABLE)
          .select((eb) => eb.fn.countAll().as('n'))
          .where('issuer', '=', issuer)
          .executeTakeFirst();
        if (Number(count?.n ?? 0) >= this.maxPerIssuer) return 'full';
        const inserted = await trx
          .insertInto(TABLE)
          .values({ issuer, jti, expires_at: expiresAtMs })
          .onConflict((oc) => oc.columns(['issuer', 'jti']).doNothing())
          .executeTakeFirst();
        return Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 1 ? 'fresh' : 'replayed';
      });
      await this.sweep(now);
      return verdict;
    });
  }

  /** Ids of issuers that stopped calling expire too: a sweep of the whole table, at most once a minute per process. */
  private async sweep(now: number): Promise<void> {
    if (now - this.lastSweep < SWEEP_EVERY_MS) return;
    this.lastSweep = now;
    await this.database.db.deleteFrom(TABLE).where('expires_at', '<=', now).execute();
  }

  /** Live ids remembered (tests, metrics). */
  async size(): Promise<number> {
    const row = await this.database.db
      .selectFrom(TABLE)
      .select((eb) => eb.fn.countAll().as('n'))
      .where('expires_at', '>', this.clock.now())
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }
}
