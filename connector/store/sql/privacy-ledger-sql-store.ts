import { sql } from 'kysely';
import type { Clock } from '../../../core/index.js';
import type { PrivacyLedger, PrivacySpend } from '../../training/index.js';
import type { Database, DbTransaction } from '../database.js';
import { guarded } from '../sql-errors.js';

type Row = Record<string, unknown>;
const toSpend = (r: Row): PrivacySpend => ({
  agreementId: String(r.agreement_id),
  delta: Number(r.delta),
  epsilon: Number(r.epsilon),
  rdp: (JSON.parse(String(r.rdp)) as unknown[]).map(Number),
  rounds: Number(r.rounds),
  updatedAt: Number(r.updated_at),
});

/** Advisory lock space of the per-budget lock (PostgreSQL; with the hash of the asset and the parties as the second key). */
const BUDGET_LOCK_SPACE = 7345023;

/**
 * Kysely implementation of the site's privacy ledger (fl_privacy_spend, one row per agreement). The agreements that
 * share a budget are found in contract_agreements: the same asset, provider and consumer as the given one (an
 * agreement not stored there shares with none). `spend` runs in one transaction (the caller's, when the store is bound
 * to one): on PostgreSQL it first takes the budget's advisory lock, held to the commit, so charges on one budget queue
 * (SQLite serialises writing transactions anyway); then it compares the shared rounds with `previousRounds` and writes
 * the agreement's row (insert, or update where its own count is the one read). RDP values are kept as JSON text
 * (Infinity, which JSON cannot hold, is never stored: such a round is refused).
 */
export class PrivacyLedgerSqlStore implements PrivacyLedger {
  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
  ) {}

  find(agreementId: string): Promise<PrivacySpend | undefined> {
    return guarded('privacy ledger', async () => {
      const row = await this.database.db.selectFrom('fl_privacy_spend').selectAll().where('agreement_id', '=', agreementId).executeTakeFirst();
      return row ? toSpend(row) : undefined;
    });
  }

  findShared(agreementId: string): Promise<PrivacySpend[]> {
    return guarded('privacy ledger', async () => (await this.sharedRows(this.database.db, agreementId)).map(toSpend));
  }

  spend(agreementId: string, previousRounds: number, next: { delta: number; epsilon: number; rdp: number[] }): Promise<boolean> {
    return guarded('privacy ledger', () =>
      this.within(async (trx) => {
        if (this.database.dialect === 'postgres') await sql`SELECT pg_advisory_xact_lock(${BUDGET_LOCK_SPACE}, hashtext(${await this.budgetKey(trx, agreementId)}))`.execute(trx);
        const shared = (await this.sharedRows(trx, agreementId)).map(toSpend);
        if (shared.reduce((n, s) => n + s.rounds, 0) !== previousRounds) return false;
        const own = shared.find((s) => s.agreementId === agreementId);
        const values = { delta: next.delta, epsilon: next.epsilon, rdp: JSON.stringify(next.rdp), rounds: (own?.rounds ?? 0) + 1, updated_at: this.clock.now() };
        if (!own) {
          const result = await trx
            .insertInto('fl_privacy_spend')
            .values({ agreement_id: agreementId, ...values })
            .onConflict((oc) => oc.column('agreement_id').doNothing())
            .executeTakeFirst();
          return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
        }
        const result = await trx.updateTable('fl_privacy_spend').set(values).where('agreement_id', '=', agreementId).where('rounds', '=', own.rounds).executeTakeFirst();
        return Number(result.numUpdatedRows) === 1;
      }),
    );
  }

  private within<T>(work: (trx: DbTransaction) => Promise<T>): Promise<T> {
    const db = this.database.db;
    return db.isTransaction ? work(db as DbTransaction) : db.transaction().execute(work);
  }

  /** The rows of the agreement and of every stored agreement with its asset, provider and consumer. */
  private sharedRows(db: Database['db'], agreementId: string): Promise<Row[]> {
    const sharing = db
      .selectFrom('contract_agreements as a')
      .innerJoin('contract_agreements as mine', (join) =>
        join.onRef('mine.asset_id', '=', 'a.asset_id').onRef('mine.assigner', '=', 'a.assigner').onRef('mine.assignee', '=', 'a.assignee'),
      )
      .where('mine.id', '=', agreementId)
      .select('a.id');
    return db
      .selectFrom('fl_privacy_spend')
      .selectAll()
      .where((eb) => eb.or([eb('agreement_id', '=', agreementId), eb('agreement_id', 'in', sharing)]))
      .orderBy('agreement_id')
      .execute();
  }

  /** What the budget lock is taken on: the asset and both parties (the agreement's id when it is not stored). */
  private async budgetKey(db: DbTransaction, agreementId: string): Promise<string> {
    const row = await db.selectFrom('contract_agreements').select(['asset_id', 'assigner', 'assignee']).where('id', '=', agreementId).executeTakeFirst();
    return row ? JSON.stringify([row.asset_id, row.assigner, row.assignee]) : JSON.stringify([agreementId]);
  }
}
