import { ConnectorError, type Clock } from '../../../core/index.js';
import type { SiteSession, SiteSessionStore } from '../../fl/site-session.js';
import type { Database } from './database.js';
import { guarded } from './sql-errors.js';

type Row = Record<string, unknown>;
const toSession = (r: Row): SiteSession => ({
  transferId: String(r.transfer_id), agreementId: String(r.agreement_id), coordinatorDid: String(r.coordinator_did), assetId: String(r.asset_id),
  roundsDone: Number(r.rounds_done), evaluationsDone: Number(r.evaluations_done), usedTokens: JSON.parse(String(r.used_tokens)) as string[],
  status: r.status === 'ended' ? 'ended' : 'active', createdAt: Number(r.created_at), updatedAt: Number(r.updated_at),
});

/** Kysely implementation of the site's training sessions and their atomic round counters. */
export class SiteSessionSqlStore implements SiteSessionStore {
  constructor(private readonly database: Database, private readonly clock: Clock) {}

  open(s: Omit<SiteSession, 'roundsDone' | 'evaluationsDone' | 'usedTokens' | 'status' | 'createdAt' | 'updatedAt'>): Promise<SiteSession> {
    return guarded('training sessions', async () => {
      const existing = await this.find(s.transferId);
      if (existing) return existing;
      const now = this.clock.now();
      await this.database.db.insertInto('fl_site_sessions').values({
        transfer_id: s.transferId, agreement_id: s.agreementId, coordinator_did: s.coordinatorDid, asset_id: s.assetId,
        rounds_done: 0, evaluations_done: 0, used_tokens: '[]', status: 'active', created_at: now, updated_at: now,
      }).execute();
      return { ...s, roundsDone: 0, evaluationsDone: 0, usedTokens: [], status: 'active', createdAt: now, updatedAt: now };
    });
  }

  find(transferId: string): Promise<SiteSession | undefined> {
    return guarded('training sessions', async () => {
      const row = await this.database.db.selectFrom('fl_site_sessions').selectAll().where('transfer_id', '=', transferId).executeTakeFirst();
      return row ? toSession(row) : undefined;
    });
  }

  advance(transferId: string, expected: number, jti: string, task: 'fit' | 'evaluate'): Promise<boolean> {
    return guarded('training sessions', () =>
      this.database.db.transaction().execute(async (trx) => {
        const row = await trx.selectFrom('fl_site_sessions').selectAll().where('transfer_id', '=', transferId).executeTakeFirst();
        if (!row) throw new ConnectorError('NOT_FOUND', { detail: `no training session for transfer '${transferId}'` });
        const session = toSession(row);
        if (session.status !== 'active' || session.usedTokens.includes(jti)) return false;
        const column = task === 'fit' ? 'rounds_done' : 'evaluations_done';
        const result = await trx.updateTable('fl_site_sessions')
          .set({ [column]: expected + 1, used_tokens: JSON.stringify([...session.usedTokens, jti].slice(-50)), updated_at: this.clock.now() })
          .where('transfer_id', '=', transferId).where(column, '=', expected).where('status', '=', 'active')
          .executeTakeFirst();
        return Number(result.numUpdatedRows) === 1;
      }),
    );
  }

  end(transferId: string): Promise<void> {
    return guarded('training sessions', async () => {
      await this.database.db.updateTable('fl_site_sessions').set({ status: 'ended', updated_at: this.clock.now() }).where('transfer_id', '=', transferId).execute();
    });
  }

  roundsUnderAgreement(agreementId: string): Promise<number> {
    return guarded('training sessions', async () => {
      const row = await this.database.db.selectFrom('fl_site_sessions').select((eb) => eb.fn.sum('rounds_done').as('n')).where('agreement_id', '=', agreementId).executeTakeFirst();
      return Number(row?.n ?? 0);
    });
  }

  listActive(): Promise<SiteSession[]> {
    return guarded('training sessions', async () => (await this.database.db.selectFrom('fl_site_sessions').selectAll().where('status', '=', 'active').execute()).map(toSession));
  }
}
