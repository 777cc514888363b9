import type { AuditEntry, AuditInput, AuditLog } from '../../audit/index.js';
import type { KeepOutcome, ReceiptIdentity, ReceiptLedger } from '../../usage/index.js';
import type { Database } from '../database.js';
import { guarded } from '../sql-errors.js';
import type { SqlAuditStore } from './sql-audit-store.js';

const TABLE = 'usage_received_receipts';

/**
 * The received deletion receipts in SQL (migration 0026), keyed by (agreement, receipt id). `keep` is one transaction:
 * the audit append lock first (the order every appender keeps), then INSERT … ON CONFLICT DO NOTHING, and the audit
 * entry only when the row went in. Two deliveries of one receipt on two replicas at once: the key lets one insert
 * through; the other finds the row (PostgreSQL waits for the first transaction, SQLite's writers take turns) and
 * reads the receipt kept first.
 */
export class ReceivedReceiptSqlStore implements ReceiptLedger {
  constructor(
    private readonly database: Database,
    private readonly auditStore: SqlAuditStore,
    private readonly audit: AuditLog,
  ) {}

  async keep(receipt: ReceiptIdentity, entry: AuditInput): Promise<KeepOutcome> {
    let appended: AuditEntry | undefined;
    const outcome = await guarded('the received receipts', () =>
      this.database.db.transaction().execute(async (trx): Promise<KeepOutcome> => {
        appended = undefined;
        await this.auditStore.lockAppends(trx);
        const inserted = await trx
          .insertInto(TABLE)
          .values({ agreement_id: receipt.agreementId, receipt_id: receipt.receiptId, transfer_id: receipt.transferId, proof_value: receipt.proofValue })
          .onConflict((oc) => oc.columns(['agreement_id', 'receipt_id']).doNothing())
          .executeTakeFirst();
        if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) {
          const row = await trx
            .selectFrom(TABLE)
            .select(['transfer_id', 'proof_value'])
            .where('agreement_id', '=', receipt.agreementId)
            .where('receipt_id', '=', receipt.receiptId)
            .executeTakeFirstOrThrow();
          const text = (v: unknown) => (v === null || v === undefined ? null : String(v));
          return { kept: false, earlier: { agreementId: receipt.agreementId, receiptId: receipt.receiptId, transferId: text(row.transfer_id), proofValue: text(row.proof_value) } };
        }
        appended = await this.auditStore.appendWithin(trx, this.audit.link(entry), entry.subject);
        return { kept: true };
      }),
    );
    if (appended) this.audit.noteAppended(appended);
    return outcome;
  }
}
