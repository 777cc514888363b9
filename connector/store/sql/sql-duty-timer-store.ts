import { sql } from 'kysely';
import { ConnectorError, notFound, type Clock } from '../../../core/index.js';
import type { Database, DbExpressionBuilder as Eb } from '../database.js';
import { guarded } from '../sql-errors.js';
import type { DutyClaim, DutyState, DutyTimer, DutyTimerStore } from '../../usage/index.js';

type Row = Record<string, unknown>;
const TABLE = 'usage_duty_timers';

/**
 * Duty timers in SQL (migration 0008), with the lease pattern of sql-state-entity-store.ts: PostgreSQL
 * picks due rows `FOR UPDATE SKIP LOCKED`, SQLite's single UPDATE … RETURNING is atomic (one writer).
 */
export class SqlDutyTimerStore implements DutyTimerStore {
  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
  ) {}

  schedule(t: { id: string; agreementId: string; action: string; dueAt: number; payload?: Record<string, unknown> }): Promise<DutyTimer> {
    return guarded('the duty timer store', async () => {
      const now = this.clock.now();
      const row = {
        id: t.id,
        agreement_id: t.agreementId,
        action: t.action,
        due_at: t.dueAt,
        state: 'pending',
        attempts: 0,
        payload: JSON.stringify(t.payload ?? {}),
        last_error: null,
        lease_owner: null,
        lease_expires_at: null,
        created_at: now,
        updated_at: now,
      };
      await this.database.db.insertInto(TABLE).values(row).execute();
      return fromRow(row);
    });
  }

  claimDue(q: DutyClaim): Promise<DutyTimer[]> {
    if (q.limit <= 0) return Promise.resolve([]);
    return guarded('the duty timer store', async () => {
      const db = this.database.db;
      let due = db
        .selectFrom(TABLE)
        .select('id')
        .where('due_at', '<=', q.now)
        .where((eb: Eb) => eb.or([eb('state', '=', 'pending'), eb.and([eb('state', '=', 'running'), eb('lease_expires_at', '<', q.now)])]))
        .orderBy('due_at')
        .limit(q.limit);
      if (this.database.dialect === 'postgres') due = due.forUpdate().skipLocked();
      const rows = await db
        .updateTable(TABLE)
        .set({ state: 'running', lease_owner: q.owner, lease_expires_at: q.now + q.leaseMs, attempts: sql`attempts + 1`, updated_at: q.now })
        .where('id', 'in', due)
        .returningAll()
        .execute();
      return rows.map(fromRow).sort((a, b) => a.dueAt - b.dueAt || a.id.localeCompare(b.id));
    });
  }

  complete(id: string, owner: string): Promise<DutyTimer> {
    return this.#finish(id, owner, { state: 'done' });
  }

  reschedule(id: string, owner: string, nextDueAt: number, error?: string): Promise<DutyTimer> {
    return this.#finish(id, owner, { state: 'pending', due_at: nextDueAt, ...(error === undefined ? {} : { last_error: error }) });
  }

  fail(id: string, owner: string, error: string): Promise<DutyTimer> {
    return this.#finish(id, owner, { state: 'failed', last_error: error });
  }

  findById(id: string): Promise<DutyTimer | undefined> {
    return guarded('the duty timer store', async () => {
      const row = await this.database.db.selectFrom(TABLE).selectAll().where('id', '=', id).executeTakeFirst();
      return row ? fromRow(row) : undefined;
    });
  }

  list(query: { agreementId?: string | undefined; states?: readonly DutyState[]; offset: number; limit: number }): Promise<{ items: DutyTimer[]; total: number }> {
    return guarded('the duty timer store', async () => {
      let base = this.database.db.selectFrom(TABLE);
      if (query.agreementId !== undefined) base = base.where('agreement_id', '=', query.agreementId);
      if (query.states && query.states.length > 0) base = base.where('state', 'in', [...query.states]);
      const count = await base.select((eb: Eb) => eb.fn.countAll().as('n')).executeTakeFirst();
      const rows = await base.selectAll().orderBy('due_at').orderBy('id').offset(query.offset).limit(query.limit).execute();
      return { items: rows.map(fromRow), total: Number(count?.n ?? 0) };
    });
  }

  #finish(id: string, owner: string, changes: Row): Promise<DutyTimer> {
    return guarded('the duty timer store', async () => {
      const row = await this.database.db
        .updateTable(TABLE)
        .set({ ...changes, lease_owner: null, lease_expires_at: null, updated_at: this.clock.now() })
        .where('id', '=', id)
        .where('state', '=', 'running')
        .where('lease_owner', '=', owner)
        .returningAll()
        .executeTakeFirst();
      if (row) return fromRow(row);
      if (await this.findById(id)) throw new ConnectorError('LEASE_HELD', { detail: `duty timer '${id}' is not leased to ${owner}` });
      throw notFound('duty timer', id);
    });
  }
}

function fromRow(r: Row): DutyTimer {
  const base = {
    id: String(r.id),
    agreementId: String(r.agreement_id),
    action: String(r.action),
    dueAt: Number(r.due_at),
    state: String(r.state) as DutyState,
    attempts: Number(r.attempts),
    payload: JSON.parse(String(r.payload)) as Record<string, unknown>,
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
  };
  return r.last_error == null ? base : { ...base, lastError: String(r.last_error) };
}
