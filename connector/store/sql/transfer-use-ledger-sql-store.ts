import { ConnectorError, type Clock } from '../../../core/index.js';
import type { TransferUseLedger } from '../../transfer/index.js';
import type { Database, DbTransaction } from '../database.js';
import { guarded } from '../sql-errors.js';

const COUNTS = 'transfer_use_counts';
const USES = 'transfer_uses';

/**
 * The transfer use counts in SQL (migration 0022). `claim` is one transaction: it creates the agreement's count row
 * when missing and reads it (on PostgreSQL `FOR UPDATE`; SQLite's transactions begin IMMEDIATE and hold the write
 * lock), so every claim under the agreement, on any replica, queues there; a transfer that already holds a use is
 * answered with it; otherwise the caller decides, and an allowed use raises the count with a conditional UPDATE (only
 * from the value read) and records the transfer's use number.
 */
export class TransferUseLedgerSqlStore implements TransferUseLedger {
  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
  ) {}

  claim(agreementId: string, transferId: string, decide: (usageCount: number) => boolean): Promise<number | undefined> {
    return guarded('the transfer use counts', () =>
      this.database.db.transaction().execute(async (trx) => {
        const now = this.clock.now();
        const uses = await this.heldCount(trx, agreementId, now);
        const held = await trx.selectFrom(USES).select(['agreement_id', 'use_number']).where('transfer_id', '=', transferId).executeTakeFirst();
        if (held) {
          if (String(held.agreement_id) !== agreementId)
            throw new ConnectorError('VALIDATION_FAILED', { detail: `transfer process '${transferId}' holds a use of another agreement` });
          const number = Number(held.use_number);
          return decide(number - 1) ? number : undefined;
        }
        if (!decide(uses)) return undefined;
        const updated = await trx
          .updateTable(COUNTS)
          .set({ uses: uses + 1, updated_at: now })
          .where('agreement_id', '=', agreementId)
          .where('uses', '=', uses)
          .executeTakeFirst();
        if (Number(updated.numUpdatedRows) !== 1)
          throw new ConnectorError('STORE_UNAVAILABLE', { detail: `the transfer use count of agreement '${agreementId}' changed while it was held`, retryable: true });
        await trx
          .insertInto(USES)
          .values({ transfer_id: transferId, agreement_id: agreementId, use_number: uses + 1, claimed_at: now })
          .execute();
        return uses + 1;
      }),
    );
  }

  count(agreementId: string): Promise<number> {
    return guarded('the transfer use counts', async () => {
      const row = await this.database.db.selectFrom(COUNTS).select('uses').where('agreement_id', '=', agreementId).executeTakeFirst();
      return Number(row?.uses ?? 0);
    });
  }

  /** The agreement's count, its row created when missing and held to the end of the transaction. */
  private async heldCount(trx: DbTransaction, agreementId: string, now: number): Promise<number> {
    await trx
      .insertInto(COUNTS)
      .values({ agreement_id: agreementId, uses: 0, updated_at: now })
      .onConflict((oc) => oc.column('agreement_id').doNothing())
      .execute();
    let read = trx.selectFrom(COUNTS).select('uses').where('agreement_id', '=', agreementId);
    if (this.database.dialect === 'postgres') read = read.forUpdate();
    return Number((await read.executeTakeFirstOrThrow()).uses);
  }
}
