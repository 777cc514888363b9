import { ConnectorError, type Clock } from '../../../core/index.js';
import type { AuditEntry, AuditLog } from '../../audit/index.js';
import type { ModelUseLedger, UseDecision } from '../../training/index.js';
import type { Database } from '../database.js';
import { guarded } from '../sql-errors.js';
import type { SqlAuditStore } from './sql-audit-store.js';

const TABLE = 'model_use_counts';

/**
 * The model use counts in SQL (migration 0018), one row per agreement. `decide` is one transaction: it takes the audit
 * append lock first (the order every appender keeps: no deadlock), creates missing count rows, reads the counts (on
 * PostgreSQL `FOR UPDATE`; SQLite's transactions begin IMMEDIATE and hold the write lock), lets the caller decide,
 * raises each count with a conditional UPDATE (only from the value read) when the use counts, and appends the audit
 * entries. Every replica's requests queue there, so exactly as many uses pass as the policy allows.
 */
export class ModelUseLedgerSqlStore implements ModelUseLedger {
  constructor(
    private readonly database: Database,
    private readonly auditStore: SqlAuditStore,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  async decide<T>(agreementIds: readonly string[], decide: (counts: ReadonlyMap<string, number>) => UseDecision<T>): Promise<T> {
    const ids = [...new Set(agreementIds)].sort();
    let appended: AuditEntry[] = [];
    const result = await guarded('the model use counts', () =>
      this.database.db.transaction().execute(async (trx) => {
        appended = [];
        await this.auditStore.lockAppends(trx);
        const now = this.clock.now();
        const counts = new Map<string, number>();
        if (ids.length > 0) {
          await trx
            .insertInto(TABLE)
            .values(ids.map((id) => ({ agreement_id: id, uses: 0, updated_at: now })))
            .onConflict((oc) => oc.column('agreement_id').doNothing())
            .execute();
          let read = trx.selectFrom(TABLE).select(['agreement_id', 'uses']).where('agreement_id', 'in', ids).orderBy('agreement_id');
          if (this.database.dialect === 'postgres') read = read.forUpdate();
          for (const row of await read.execute()) counts.set(String(row.agreement_id), Number(row.uses));
        }
        const decision = decide(counts);
        if (decision.counted) {
          for (const id of ids) {
            const seen = counts.get(id) ?? 0;
            const updated = await trx
              .updateTable(TABLE)
              .set({ uses: seen + 1, updated_at: now })
              .where('agreement_id', '=', id)
              .where('uses', '=', seen)
              .executeTakeFirst();
            if (Number(updated.numUpdatedRows) !== 1)
              throw new ConnectorError('STORE_UNAVAILABLE', { detail: `the use count of agreement '${id}' changed while it was held`, retryable: true });
          }
        }
        for (const input of decision.audit) appended.push(await this.auditStore.appendWithin(trx, this.audit.link(input), input.subject));
        return decision.result;
      }),
    );
    for (const entry of appended) this.audit.noteAppended(entry);
    return result;
  }

  count(agreementId: string): Promise<number> {
    return guarded('the model use counts', async () => {
      const row = await this.database.db.selectFrom(TABLE).select('uses').where('agreement_id', '=', agreementId).executeTakeFirst();
      return Number(row?.uses ?? 0);
    });
  }
}
