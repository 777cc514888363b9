import { ConnectorError, type Clock } from '../../../core/index.js';
import type { SiteSession, SiteSessionStore } from '../../training/index.js';
import type { Database, DbExpressionBuilder as Eb } from '../database.js';
import { guarded } from '../sql-errors.js';
import { QueryTemplates } from '../query-templates.js';

type Row = Record<string, unknown>;
/** How often `advance` reads again after another request changed the session between its read and its update. */
const ADVANCE_ATTEMPTS = 8;
const toSession = (r: Row): SiteSession => ({
  transferId: String(r.transfer_id),
  agreementId: String(r.agreement_id),
  coordinatorDid: String(r.coordinator_did),
  assetId: String(r.asset_id),
  roundsDone: Number(r.rounds_done),
  evaluationsDone: Number(r.evaluations_done),
  lastRound: Number(r.last_round),
  lastEvaluation: Number(r.last_evaluation),
  usedTokens: JSON.parse(String(r.used_tokens)) as string[],
  status: r.status === 'ended' || r.status === 'suspended' ? r.status : 'active',
  suspensions: Number(r.suspensions ?? 0),
  createdAt: Number(r.created_at),
  updatedAt: Number(r.updated_at),
});

/** Kysely implementation of the site's training sessions and their atomic round counters. */
export class SiteSessionSqlStore implements SiteSessionStore {
  private readonly queries = new QueryTemplates(() => ({ database: this.database, scope: 'site sessions' }));

  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
  ) {}

  open(
    s: Omit<SiteSession, 'roundsDone' | 'evaluationsDone' | 'lastRound' | 'lastEvaluation' | 'usedTokens' | 'status' | 'suspensions' | 'createdAt' | 'updatedAt'>,
  ): Promise<SiteSession> {
    return guarded('training sessions', async () => {
      const existing = await this.find(s.transferId);
      if (existing) return existing;
      const now = this.clock.now();
      await this.database.db
        .insertInto('fl_site_sessions')
        .values({
          transfer_id: s.transferId,
          agreement_id: s.agreementId,
          coordinator_did: s.coordinatorDid,
          asset_id: s.assetId,
          rounds_done: 0,
          evaluations_done: 0,
          last_round: 0,
          last_evaluation: 0,
          used_tokens: '[]',
          status: 'active', // suspensions: the column's default, 0
          created_at: now,
          updated_at: now,
        })
        .execute();
      return { ...s, roundsDone: 0, evaluationsDone: 0, lastRound: 0, lastEvaluation: 0, usedTokens: [], status: 'active', suspensions: 0, createdAt: now, updatedAt: now };
    });
  }

  find(transferId: string): Promise<SiteSession | undefined> {
    return guarded('training sessions', async () => {
      const row = await this.readRow(transferId);
      return row ? toSession(row) : undefined;
    });
  }

  /** Every round request reads its session: compiled once (query-templates.ts). */
  private readRow(transferId: string): Promise<Row | undefined> {
    return this.queries.findRow(this.database.db, 'fl_site_sessions', 'transfer_id', transferId);
  }

  /**
   * One conditional UPDATE decides: it matches only while the session is active, the round is later than the last
   * served one and the token list is the one just read (compare-and-swap, so a concurrent fit and evaluate cannot
   * lose each other's token ids). Of concurrent requests for the same round exactly one matches; on PostgreSQL the
   * losers re-check the WHERE clause against the winner's row. A miss is read again: false if the round is now served,
   * the token used or the session ended, another try if only the token list moved. With `seen` (a fit or an
   * evaluation) the first UPDATE compares against that reading instead of a new one: it matches only if the row is
   * still as seen in what the WHERE clause checks, and anything else is a miss like any other.
   */
  advance(transferId: string, round: number, jti: string, task: 'fit' | 'evaluate' | 'statistics', seen?: SiteSession): Promise<boolean> {
    const [count, last] =
      task === 'fit'
        ? (['rounds_done', 'last_round'] as const)
        : task === 'evaluate'
          ? (['evaluations_done', 'last_evaluation'] as const)
          : (['statistics_done', 'last_statistics'] as const);
    const read = async (): Promise<{ session: SiteSession; served: number; tokens: string }> => {
      const row = await this.readRow(transferId);
      if (!row) throw new ConnectorError('NOT_FOUND', { detail: `no training session for transfer '${transferId}'` });
      return { session: toSession(row), served: Number(row[last]), tokens: String(row.used_tokens) };
    };
    const usable = seen?.transferId === transferId && task !== 'statistics' ? seen : undefined;
    return guarded('training sessions', async () => {
      for (let attempt = 0; attempt < ADVANCE_ATTEMPTS; attempt++) {
        const first =
          attempt === 0 && usable ? { session: usable, served: task === 'fit' ? usable.lastRound : usable.lastEvaluation, tokens: JSON.stringify(usable.usedTokens) } : undefined;
        const { session, served, tokens } = first ?? (await read());
        if (session.status !== 'active' || session.usedTokens.includes(jti) || !(round > served)) {
          if (first) continue; // decided on a fresh reading only
          return false;
        }
        // Every round request runs it: compiled once per task (query-templates.ts).
        const db = this.database.db;
        const result = await this.queries.run(
          db,
          `advance ${task}`,
          (p) =>
            db
              .updateTable('fl_site_sessions')
              .set((eb: Eb) => ({ [last]: p('round'), [count]: eb(count, '+', 1), used_tokens: p('newTokens'), updated_at: p('now') }))
              .where('transfer_id', '=', p('transferId'))
              .where('status', '=', 'active')
              .where(last, '<', p('round'))
              .where('used_tokens', '=', p('tokens')),
          { round, newTokens: JSON.stringify([...session.usedTokens, jti].slice(-50)), now: this.clock.now(), transferId, tokens },
        );
        if (Number(result.numAffectedRows) === 1) return true;
      }
      throw new ConnectorError('STORE_UNAVAILABLE', { detail: `the training session '${transferId}' kept changing under concurrent round requests`, retryable: true });
    });
  }

  suspend(transferId: string): Promise<void> {
    return guarded('training sessions', async () => {
      await this.database.db
        .updateTable('fl_site_sessions')
        .set((eb: Eb) => ({ status: 'suspended', suspensions: eb('suspensions', '+', 1), updated_at: this.clock.now() }))
        .where('transfer_id', '=', transferId)
        .where('status', '=', 'active')
        .execute();
    });
  }

  resume(transferId: string): Promise<void> {
    return guarded('training sessions', async () => {
      await this.database.db
        .updateTable('fl_site_sessions')
        .set({ status: 'active', updated_at: this.clock.now() })
        .where('transfer_id', '=', transferId)
        .where('status', '=', 'suspended')
        .execute();
    });
  }

  end(transferId: string): Promise<void> {
    return guarded('training sessions', async () => {
      await this.database.db.updateTable('fl_site_sessions').set({ status: 'ended', updated_at: this.clock.now() }).where('transfer_id', '=', transferId).execute();
    });
  }

  roundsUnderAgreement(agreementId: string): Promise<number> {
    return guarded('training sessions', async () => {
      const db = this.database.db;
      const { rows } = await this.queries.run(
        db,
        'rounds under agreement',
        (p) =>
          db
            .selectFrom('fl_site_sessions')
            .select((eb) => eb.fn.sum('rounds_done').as('n'))
            .where('agreement_id', '=', p('agreementId')),
        { agreementId },
      );
      return Number(rows[0]?.n ?? 0);
    });
  }

  listActive(): Promise<SiteSession[]> {
    return guarded('training sessions', async () => (await this.database.db.selectFrom('fl_site_sessions').selectAll().where('status', '=', 'active').execute()).map(toSession));
  }

  listLive(): Promise<SiteSession[]> {
    return guarded('training sessions', async () =>
      (await this.database.db.selectFrom('fl_site_sessions').selectAll().where('status', 'in', ['active', 'suspended']).execute()).map(toSession),
    );
  }
}
