import type { Clock } from '../../../core/index.js';
import type { PrivacyLedger, PrivacySpend } from '../../training/index.js';
import type { Database } from '../database.js';
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

/**
 * Kysely implementation of the site's privacy ledger. The first spend inserts (a concurrent first spend loses on the
 * primary key and answers false); later ones update only where `rounds` is still the one the caller read.
 * RDP values are kept as JSON text (Infinity, which JSON cannot hold, is never stored: such a round is refused).
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

  spend(agreementId: string, previousRounds: number, next: { delta: number; epsilon: number; rdp: number[] }): Promise<boolean> {
    return guarded('privacy ledger', async () => {
      const values = { delta: next.delta, epsilon: next.epsilon, rdp: JSON.stringify(next.rdp), rounds: previousRounds + 1, updated_at: this.clock.now() };
      if (previousRounds === 0) {
        const result = await this.database.db
          .insertInto('fl_privacy_spend')
          .values({ agreement_id: agreementId, ...values })
          .onConflict((oc) => oc.column('agreement_id').doNothing())
          .executeTakeFirst();
        return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
      }
      const result = await this.database.db
        .updateTable('fl_privacy_spend')
        .set(values)
        .where('agreement_id', '=', agreementId)
        .where('rounds', '=', previousRounds)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    });
  }
}
