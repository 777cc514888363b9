import { referencedAssetIds, type ContractDefinition, type ContractDefinitionFilter, type ContractDefinitionStore } from '../../../catalog/index.js';
import { validationError, type Clock } from '../../../core/index.js';
import type { Database, DbExpressionBuilder } from '../database.js';
import { SqlResourceStore, type ResourceTableSpec } from './sql-resource-store.js';

/** Two variables a row: 10 000 a statement, well below the limits of SQLite (32 766, as better-sqlite3 builds it) and PostgreSQL. */
const ROWS_PER_INSERT = 5000;

const spec: ResourceTableSpec<ContractDefinition, ContractDefinitionFilter> = {
  table: 'contract_definitions',
  label: 'contract definition',
  body: (d) => ({ assetsSelector: d.assetsSelector, approval: d.approval ?? 'auto' }),
  fromRow: (meta, body, row) => ({
    ...meta,
    accessPolicyId: String(row.access_policy_id),
    contractPolicyId: String(row.contract_policy_id),
    assetsSelector: body.assetsSelector as ContractDefinition['assetsSelector'],
    approval: body.approval === 'manual' ? 'manual' : 'auto',
  }),
  columns: (d) => ({ access_policy_id: d.accessPolicyId, contract_policy_id: d.contractPolicyId }),
  searchText: (d) => d.id,
  filter: (q, f) => {
    let query = q;
    if (f.accessPolicyId) query = query.where('access_policy_id', '=', f.accessPolicyId);
    if (f.contractPolicyId) query = query.where('contract_policy_id', '=', f.contractPolicyId);
    if (f.assetId) {
      const assetId = f.assetId;
      query = query.where('id', 'in', (eb: DbExpressionBuilder) => eb.selectFrom('contract_definition_assets').select('definition_id').where('asset_id', '=', assetId));
    }
    return query;
  },
  beforeWrite: async (trx, d) => {
    const ids = [...new Set([d.accessPolicyId, d.contractPolicyId])];
    const found = await trx.selectFrom('policy_definitions').select('id').where('id', 'in', ids).execute();
    const known = new Set(found.map((r) => r.id));
    const violations = [
      ...(known.has(d.accessPolicyId) ? [] : [{ pointer: '/accessPolicyId', message: `policy '${d.accessPolicyId}' does not exist` }]),
      ...(known.has(d.contractPolicyId) ? [] : [{ pointer: '/contractPolicyId', message: `policy '${d.contractPolicyId}' does not exist` }]),
    ];
    if (violations.length > 0) throw validationError(violations);
  },
  afterWrite: async (trx, d) => {
    await trx.deleteFrom('contract_definition_assets').where('definition_id', '=', d.id).execute();
    const assetIds = referencedAssetIds(d.assetsSelector);
    // In rows of a bounded number per statement: a selector may name up to 100 000 ids (100 criteria of 1000), far
    // past the bound variables one statement may carry (SQLite's 32 766, PostgreSQL's 65 535).
    for (let i = 0; i < assetIds.length; i += ROWS_PER_INSERT) {
      await trx
        .insertInto('contract_definition_assets')
        .values(assetIds.slice(i, i + ROWS_PER_INSERT).map((asset_id) => ({ definition_id: d.id, asset_id })))
        .execute();
    }
  },
  beforeDelete: async (trx, id) => {
    await trx.deleteFrom('contract_definition_assets').where('definition_id', '=', id).execute();
  },
};

export function createContractDefinitionSqlStore(database: Database, clock: Clock): ContractDefinitionStore {
  return new SqlResourceStore(database, spec, clock);
}
