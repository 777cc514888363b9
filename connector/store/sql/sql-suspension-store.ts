import type { Clock } from '../../../core/index.js';
import type { Database, DbExpressionBuilder as Eb } from '../database.js';
import { guarded } from '../sql-errors.js';
import { QueryTemplates } from '../query-templates.js';
import type { PartySuspension, SuspensionStore } from '../../usage/index.js';

type Row = Record<string, unknown>;
const TABLE = 'usage_suspensions';

/** Party suspensions in SQL (migration 0009). */
export class SqlSuspensionStore implements SuspensionStore {
  private readonly queries = new QueryTemplates(() => ({ database: this.database, scope: 'suspensions' }));

  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
  ) {}

  suspend(s: Omit<PartySuspension, 'createdAt'>): Promise<{ suspension: PartySuspension; created: boolean }> {
    return guarded('the suspension store', async () => {
      const row = { participant_id: s.participantId, reason: s.reason, source: s.source, agreement_id: s.agreementId ?? null, created_at: this.clock.now() };
      const result = await this.database.db
        .insertInto(TABLE)
        .values(row)
        .onConflict((oc) => oc.column('participant_id').doNothing())
        .executeTakeFirst();
      const created = Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
      return { suspension: created ? fromRow(row) : ((await this.find(s.participantId)) ?? fromRow(row)), created };
    });
  }

  find(participantId: string): Promise<PartySuspension | undefined> {
    return guarded('the suspension store', async () => {
      const row = await this.queries.findRow(this.database.db, TABLE, 'participant_id', participantId);
      return row ? fromRow(row) : undefined;
    });
  }

  list(query: { offset: number; limit: number }): Promise<{ items: PartySuspension[]; total: number }> {
    return guarded('the suspension store', async () => {
      const base = this.database.db.selectFrom(TABLE);
      const count = await base.select((eb: Eb) => eb.fn.countAll().as('n')).executeTakeFirst();
      const rows = await base.selectAll().orderBy('created_at').orderBy('participant_id').offset(query.offset).limit(query.limit).execute();
      return { items: rows.map(fromRow), total: Number(count?.n ?? 0) };
    });
  }

  lift(participantId: string): Promise<PartySuspension | undefined> {
    return guarded('the suspension store', async () => {
      const row = await this.database.db.deleteFrom(TABLE).where('participant_id', '=', participantId).returningAll().executeTakeFirst();
      return row ? fromRow(row) : undefined;
    });
  }
}

function fromRow(r: Row): PartySuspension {
  const base = { participantId: String(r.participant_id), reason: String(r.reason), source: String(r.source) as PartySuspension['source'], createdAt: Number(r.created_at) };
  return r.agreement_id == null ? base : { ...base, agreementId: String(r.agreement_id) };
}
