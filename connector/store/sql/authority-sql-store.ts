import { ConnectorError, notFound, type Clock } from '../../../core/index.js';
import { nextStatusList, type AuthorityStore, type IssuancePlan, type IssuedCredentialRecord, type StatusSlot } from '../../authority/index.js';
import type { Participant } from '../../authority/index.js';
import type { Database, DbExpressionBuilder as Eb, DbTransaction } from '../database.js';
import { fromJsonColumn, toJsonColumn } from '../json-column.js';
import { guarded } from '../sql-errors.js';

type Row = Record<string, unknown>;

/** Kysely implementation of AuthorityStore (SQLite and PostgreSQL). */
export class AuthoritySqlStore implements AuthorityStore {
  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
  ) {}

  register(p: Omit<Participant, 'status' | 'registeredAt'>): Promise<Participant> {
    return guarded('participant registry', async () => {
      const registeredAt = this.clock.now();
      const { did, ...body } = p;
      const existing = await this.database.db.selectFrom('authority_participants').select('did').where('did', '=', did).executeTakeFirst();
      if (existing) throw new ConnectorError('ALREADY_EXISTS', { detail: `participant '${did}' is already registered` });
      await this.database.db
        .insertInto('authority_participants')
        .values({ did, status: 'active', registered_at: registeredAt, version: 1, body: toJsonColumn(body) })
        .execute();
      return { ...p, status: 'active', registeredAt };
    });
  }

  findParticipant(did: string): Promise<Participant | undefined> {
    return guarded('participant registry', async () => {
      const row = await this.database.db.selectFrom('authority_participants').selectAll().where('did', '=', did).executeTakeFirst();
      return row ? toParticipant(row) : undefined;
    });
  }

  async getParticipant(did: string): Promise<Participant> {
    const found = await this.findParticipant(did);
    if (!found) throw notFound('participant', did);
    return found;
  }

  listParticipants(q: { offset: number; limit: number; status?: 'active' | 'revoked' }): Promise<{ items: Participant[]; total: number }> {
    return guarded('participant registry', async () => {
      let base = this.database.db.selectFrom('authority_participants');
      if (q.status) base = base.where('status', '=', q.status);
      const count = await base.select((eb: Eb) => eb.fn.countAll().as('n')).executeTakeFirst();
      const rows = await base.selectAll().orderBy('registered_at').orderBy('did').offset(q.offset).limit(q.limit).execute();
      return { items: rows.map(toParticipant), total: Number(count?.n ?? 0) };
    });
  }

  revokeParticipant(did: string): Promise<number> {
    return guarded('participant registry', () =>
      this.database.db.transaction().execute(async (trx) => {
        const row = await trx.selectFrom('authority_participants').select('did').where('did', '=', did).executeTakeFirst();
        if (!row) throw notFound('participant', did);
        await trx.updateTable('authority_participants').set({ status: 'revoked', revoked_at: this.clock.now() }).where('did', '=', did).execute();
        const lists = await trx.selectFrom('authority_credentials').select('status_list_id').distinct().where('subject_did', '=', did).where('revoked', '=', 0).execute();
        const result = await trx.updateTable('authority_credentials').set({ revoked: 1 }).where('subject_did', '=', did).where('revoked', '=', 0).executeTakeFirst();
        for (const l of lists) {
          await trx
            .updateTable('authority_status_lists')
            .set((eb: Eb) => ({ revision: eb('revision', '+', 1) }))
            .where('id', '=', l.status_list_id)
            .execute();
        }
        return Number(result.numUpdatedRows);
      }),
    );
  }

  issue(subjectDid: string, plan: IssuancePlan): Promise<{ credentials: IssuedCredentialRecord[]; reused: boolean }> {
    return guarded('issued credentials', () =>
      this.database.db.transaction().execute(async (trx) => {
        // The participant row is the lock of its issuances (and of its revocation) on PostgreSQL; SQLite runs one writer.
        let read = trx.selectFrom('authority_participants').select('status').where('did', '=', subjectDid);
        if (this.database.dialect === 'postgres') read = read.forUpdate();
        const participant = await read.executeTakeFirst();
        if (!participant) throw notFound('participant', subjectDid);
        if (participant.status !== 'active') throw new ConnectorError('FORBIDDEN', { detail: `participant '${subjectDid}' is revoked` });
        const latest = await trx
          .selectFrom('authority_credentials')
          .select((eb: Eb) => eb.fn.max('issued_at').as('at'))
          .where('subject_did', '=', subjectDid)
          .executeTakeFirst();
        if (latest?.at != null) {
          const rows = await trx.selectFrom('authority_credentials').selectAll().where('subject_did', '=', subjectDid).where('issued_at', '=', latest.at).orderBy('id').execute();
          const reused = plan.reuse(rows.map(toIssued));
          if (reused) return { credentials: reused, reused: true };
        }
        const records = await plan.build(await allocate(trx, plan));
        if (records.length > 0) await trx.insertInto('authority_credentials').values(records.map(toRow)).execute();
        return { credentials: records, reused: false };
      }),
    );
  }

  listIssued(subjectDid: string): Promise<IssuedCredentialRecord[]> {
    return guarded('issued credentials', async () => {
      const rows = await this.database.db.selectFrom('authority_credentials').selectAll().where('subject_did', '=', subjectDid).orderBy('issued_at').execute();
      return rows.map(toIssued);
    });
  }

  statusListState(listId: string): Promise<{ revokedIndices: number[]; revision: number; size: number }> {
    return guarded('status lists', async () => {
      const list = await this.database.db.selectFrom('authority_status_lists').selectAll().where('id', '=', listId).executeTakeFirst();
      if (!list) throw notFound('status list', listId);
      const rows = await this.database.db.selectFrom('authority_credentials').select('status_index').where('status_list_id', '=', listId).where('revoked', '=', 1).execute();
      return { revokedIndices: rows.map((r: Row) => Number(r.status_index)), revision: Number(list.revision), size: Number(list.size) };
    });
  }
}

function toParticipant(row: Row): Participant {
  const body = fromJsonColumn(row.body) as Omit<Participant, 'did' | 'status' | 'registeredAt' | 'revokedAt'>;
  const p: Participant = { did: String(row.did), ...body, status: row.status === 'revoked' ? 'revoked' : 'active', registeredAt: Number(row.registered_at) };
  if (row.revoked_at != null) p.revokedAt = Number(row.revoked_at);
  return p;
}

/** `count` slots, from the open list of the series onwards (a full list makes the next); each index once, also concurrently. */
async function allocate(trx: DbTransaction, plan: IssuancePlan): Promise<StatusSlot[]> {
  const slots: StatusSlot[] = [];
  for (let attempt = 0; slots.length < plan.count; attempt++) {
    if (attempt > plan.count + 20) throw new ConnectorError('STORE_UNAVAILABLE', { detail: 'status lists kept filling up concurrently', retryable: true });
    const lists = await trx.selectFrom('authority_status_lists').select(['id', 'next_index', 'size']).execute();
    const rows = lists.map((l: Row) => ({ id: String(l.id), nextIndex: Number(l.next_index), size: Number(l.size) }));
    const open = nextStatusList(rows, plan.listPrefix, plan.listSize);
    if (open.create)
      await trx
        .insertInto('authority_status_lists')
        .values({ id: open.id, next_index: 0, size: plan.listSize, revision: 0 })
        .onConflict((oc) => oc.column('id').doNothing())
        .execute();
    const take = Math.min(plan.count - slots.length, open.free);
    const row = await trx
      .updateTable('authority_status_lists')
      .set((eb: Eb) => ({ next_index: eb('next_index', '+', take) }))
      .where('id', '=', open.id)
      .where((eb: Eb) => eb(eb('next_index', '+', take), '<=', eb.ref('size')))
      .returning(['next_index'])
      .executeTakeFirst();
    if (!row) continue; // filled meanwhile by another issuance: look again
    const end = Number(row.next_index);
    for (let index = end - take; index < end; index++) slots.push({ listId: open.id, index });
  }
  return slots;
}

function toIssued(r: Row): IssuedCredentialRecord {
  return {
    id: String(r.id),
    subjectDid: String(r.subject_did),
    type: String(r.type),
    statusListId: String(r.status_list_id),
    statusIndex: Number(r.status_index),
    issuedAt: Number(r.issued_at),
    validUntil: Number(r.valid_until),
    revoked: Number(r.revoked) === 1,
    credential: fromJsonColumn(r.body) as Record<string, unknown>,
  };
}

function toRow(r: IssuedCredentialRecord) {
  return {
    id: r.id,
    subject_did: r.subjectDid,
    type: r.type,
    status_list_id: r.statusListId,
    status_index: r.statusIndex,
    issued_at: r.issuedAt,
    valid_until: r.validUntil,
    revoked: r.revoked ? 1 : 0,
    body: toJsonColumn(r.credential),
  };
}
