import type { Clock } from '../../../core/index.js';
import type { AfterWorkClaims } from '../../training/index.js';
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
      await this.database.db.updateTable(TABLE).set({ done_at: this.clock.now(), owner: null, lease_expires_at: null }).where('training_id', '=', trainingId).execute();
    });
  }

  release(trainingId: string, owner: string): Promise<void> {
    return guarded('the after-work store', async () => {
      await this.database.db
        .updateTable(TABLE)
        .set({ owner: null, lease_expires_at: null })
        .where('training_id', '=', trainingId)
        .where('owner', '=', owner)
        .where('done_at', 'is', null)
        .execute();
    });
  }

  pending(page: { after?: string | undefined; limit: number }): Promise<string[]> {
    return guarded('the after-work store', async () => {
      let query = this.database.db.selectFrom(TABLE).select('training_id').where('done_at', 'is', null);
      if (page.after !== undefined) query = query.where('training_id', '>', page.after);
      const rows = await query.orderBy('training_id').limit(page.limit).execute();
      return rows.map((r) => String(r.training_id));
    });
  }
}
