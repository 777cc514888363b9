import { ConnectorError, notFound } from '../../../core/index.js';
import { sameAgreement, type AgreementStore, type ContractAgreement } from '../../negotiation/index.js';
import type { Database, DbExpressionBuilder as Eb } from '../database.js';
import { fromJsonColumn, toJsonColumn } from '../json-column.js';
import { guarded } from '../sql-errors.js';
import { QueryTemplates } from '../query-templates.js';

type Row = Record<string, unknown>;

/** Kysely implementation of AgreementStore. */
export class AgreementSqlStore implements AgreementStore {
  private readonly queries = new QueryTemplates(() => ({ database: this.database, scope: 'agreements' }));

  constructor(private readonly database: Database) {}

  save(a: ContractAgreement): Promise<void> {
    return guarded('agreement store', async () => {
      const exists = await this.database.db.selectFrom('contract_agreements').select('id').where('id', '=', a.id).executeTakeFirst();
      if (exists) throw new ConnectorError('ALREADY_EXISTS', { detail: `agreement '${a.id}' already exists` });
      await this.database.db.insertInto('contract_agreements').values(toRow(a)).execute();
    });
  }

  /**
   * Inserts the agreement unless its id is stored already. A stored one that states the same agreement (parties,
   * dataset, rules: a connector negotiating with itself holds the provider's record) stays as it is; one that states
   * another fails with ALREADY_EXISTS, and the save whose transaction this runs in (the consumer's FINALIZED) with it.
   * The insert comes first: a concurrent one under the same id makes it wait for that one's commit, then read it.
   */
  keep(a: ContractAgreement): Promise<void> {
    return guarded('agreement store', async () => {
      const inserted = await this.database.db
        .insertInto('contract_agreements')
        .values(toRow(a))
        .onConflict((oc) => oc.column('id').doNothing())
        .returning('id')
        .executeTakeFirst();
      if (inserted) return;
      const held = await this.findById(a.id);
      if (held && !sameAgreement(held, a)) {
        throw new ConnectorError('ALREADY_EXISTS', { detail: `agreement '${a.id}' is stored already with other parties, dataset or rules` });
      }
    });
  }

  findById(id: string): Promise<ContractAgreement | undefined> {
    return guarded('agreement store', async () => {
      const row = await this.queries.findRow(this.database.db, 'contract_agreements', 'id', id);
      return row ? toAgreement(row) : undefined;
    });
  }

  async getById(id: string): Promise<ContractAgreement> {
    const found = await this.findById(id);
    if (!found) throw notFound('agreement', id);
    return found;
  }

  list(q: { offset: number; limit: number; counterPartyId?: string; assetId?: string }): Promise<{ items: ContractAgreement[]; total: number }> {
    return guarded('agreement store', async () => {
      let base = this.database.db.selectFrom('contract_agreements');
      if (q.counterPartyId) base = base.where((eb: Eb) => eb.or([eb('assigner', '=', q.counterPartyId), eb('assignee', '=', q.counterPartyId)]));
      if (q.assetId) base = base.where('asset_id', '=', q.assetId);
      const count = await base.select((eb: Eb) => eb.fn.countAll().as('n')).executeTakeFirst();
      const rows = await base.selectAll().orderBy('signed_at').orderBy('id').offset(q.offset).limit(q.limit).execute();
      return { items: rows.map(toAgreement), total: Number(count?.n ?? 0) };
    });
  }

  /**
   * Only an active agreement changes (a repeat keeps the first revocation). Who revoked and why go into the JSON body
   * beside the policy, which never changes: the body written is the one read plus them.
   */
  revoke(id: string, at: number, revocation?: { by: string; reason?: string }): Promise<ContractAgreement> {
    return guarded('agreement store', async () => {
      const held = await this.getById(id);
      if (held.status !== 'active') return held;
      const why = revocation?.reason === undefined ? {} : { revocationReason: revocation.reason };
      const body = revocation ? { body: toJsonColumn({ ...bodyOf(held), revokedBy: revocation.by, ...why }) } : {};
      await this.database.db
        .updateTable('contract_agreements')
        .set({ status: 'revoked', revoked_at: at, ...body })
        .where('id', '=', id)
        .where('status', '=', 'active')
        .execute();
      return this.getById(id);
    });
  }
}

function toRow(a: ContractAgreement): Row {
  return {
    id: a.id,
    negotiation_id: a.negotiationId,
    assigner: a.assigner,
    assignee: a.assignee,
    asset_id: a.assetId,
    signed_at: a.signedAt,
    status: a.status,
    revoked_at: a.revokedAt ?? null,
    body: toJsonColumn(bodyOf(a)),
  };
}

function bodyOf(a: ContractAgreement): Record<string, unknown> {
  return {
    policy: a.policy,
    ...(a.credential ? { credential: a.credential } : {}),
    ...(a.revokedBy === undefined ? {} : { revokedBy: a.revokedBy }),
    ...(a.revocationReason === undefined ? {} : { revocationReason: a.revocationReason }),
  };
}

function toAgreement(row: Row): ContractAgreement {
  const body = fromJsonColumn(row.body) as { policy: Record<string, unknown>; credential?: Record<string, unknown>; revokedBy?: string; revocationReason?: string };
  const a: ContractAgreement = {
    id: String(row.id),
    negotiationId: String(row.negotiation_id),
    assigner: String(row.assigner),
    assignee: String(row.assignee),
    assetId: String(row.asset_id),
    signedAt: Number(row.signed_at),
    policy: body.policy,
    status: row.status === 'revoked' ? 'revoked' : 'active',
  };
  if (body.credential) a.credential = body.credential;
  if (row.revoked_at != null) a.revokedAt = Number(row.revoked_at);
  if (typeof body.revokedBy === 'string') a.revokedBy = body.revokedBy;
  if (typeof body.revocationReason === 'string') a.revocationReason = body.revocationReason;
  return a;
}
