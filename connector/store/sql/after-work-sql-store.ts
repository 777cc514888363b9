import type { Clock } from '../../../core/index.js';
import { afterWorkRetryDelayMs, type AfterWorkClaims, type AfterWorkStatus } from '../../training/index.js';
import type { Database, Db } from '../database.js';
import { guarded } from '../sql-errors.js';

const TABLE = 'fl_after_work';

/** Adds the after-work item of a training that a save ends (inside the save's transaction); an existing item stays as it is. */
export async function noteAfterWork(db: Db, trainingId: string): Promise<void> {
  await db
    .insertInto(TABLE)
    .values({ training_id: trainingId })
    .onConflict((oc) => oc.column('training_id').doNothing())
    .execute();
}

/** The ended trainings' after-work items in SQL (migration 0021). */
export class SqlAfterWorkStore implements AfterWorkClaims {
  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
  ) {}

  claim(trainingId: string, owner: string, leaseMs: number): Promise<boolean> {
    return guarded('the after-work store', async () => {
      const now = this.clock.now();
      const result = await this.database.db
        .updateTable(TABLE)
        .set({ owner, lease_expires_at: now + leaseMs })
        .where('training_id', '=', trainingId)
        .where('done_at', 'is', null)
        .where((eb) => eb.or([eb('lease_expires_at', 'is', null), eb('lease_expires_at', '<=', now)]))
        .where((eb) => eb.or([eb('retry_at', 'is', null), eb('retry_at', '<=', now)]))
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    });
  }

  renew(trainingId: string, owner: string, leaseMs: number): Promise<boolean> {
    return guarded('the after-work store', async () => {
      const now = this.clock.now();
      const result = await this.database.db
        .updateTable(TABLE)
        .set({ lease_expires_at: now + leaseMs })
        .where('training_id', '=', trainingId)
        .where('owner', '=', owner)
        .where('done_at', 'is', null)
        .executeTakeFirst();
      // Still ours even if it ran out meanwhile: a claim by anyone else would have changed the owner.
      return Number(result.numUpdatedRows) === 1;
    });
  }

  done(trainingId: string): Promise<void> {
    return guarded('the after-work store', async () => {
      await this.database.db
        .updateTable(TABLE)
        .set({ done_at: this.clock.now(), owner: null, lease_expires_at: null, retry_at: null })
        .where('training_id', '=', trainingId)
        .execute();
    });
  }

  release(trainingId: string, owner: string, failure?: string): Promise<void> {
    return guarded('the after-work store', async () => {
      const held = (db: Db) => db.updateTable(TABLE).where('training_id', '=', trainingId).where('owner', '=', owner).where('done_at', 'is', null);
      if (failure === undefined) {
        await held(this.database.db).set({ owner: null, lease_expires_at: null }).execute();
        return;
      }
      // Only the holder releases, so reading its count first and writing the next one cannot race another writer.
      const row = await this.database.db
        .selectFrom(TABLE)
        .select('attempts')
        .where('training_id', '=', trainingId)
        .where('owner', '=', owner)
        .where('done_at', 'is', null)
        .executeTakeFirst();
      if (!row) return;
      const attempts = Number(row.attempts) + 1;
      await held(this.database.db)
        .set({ owner: null, lease_expires_at: null, attempts, last_error: failure, retry_at: this.clock.now() + afterWorkRetryDelayMs(attempts) })
        .execute();
    });
  }

  statusOf(trainingIds: readonly string[]): Promise<Map<string, AfterWorkStatus>> {
    return guarded('the after-work store', async () => {
      const found = new Map<string, AfterWorkStatus>();
      if (trainingIds.length === 0) return found;
      const rows = await this.database.db
        .selectFrom(TABLE)
        .select(['training_id', 'done_at', 'attempts', 'last_error', 'retry_at'])
        .where('training_id', 'in', [...trainingIds])
        .execute();
      for (const r of rows) {
        const done = r.done_at !== null;
        found.set(String(r.training_id), {
          done,
          attempts: Number(r.attempts),
          ...(r.last_error === null ? {} : { lastError: String(r.last_error) }),
          ...(done || r.retry_at === null ? {} : { retryAt: Number(r.retry_at) }),
        });
      }
      return found;
    });
  }

  pending(page: { after?: string | undefined; limit: number }): Promise<string[]> {
    return guarded('the after-work store', async () => {
      const now = this.clock.now();
      let query = this.database.db
        .selectFrom(TABLE)
        .select('training_id')
        .where('done_at', 'is', null)
        .where((eb) => eb.or([eb('retry_at', 'is', null), eb('retry_at', '<=', now)]));
      if (page.after !== undefined) query = query.where('training_id', '>', page.after);
      const rows = await query.orderBy('training_id').limit(page.limit).execute();
      return rows.map((r) => String(r.training_id));
    });
  }
}
