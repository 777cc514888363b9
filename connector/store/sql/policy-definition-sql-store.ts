import type { PolicyDefinition, PolicyDefinitionFilter, PolicyDefinitionStore } from '../../../catalog/index.js';
import { ConnectorError, type Clock } from '../../../core/index.js';
import type { Database } from '../database.js';
import { whereContains } from './like-filter.js';
import { SqlResourceStore, type ResourceTableSpec } from './sql-resource-store.js';

const spec: ResourceTableSpec<PolicyDefinition, PolicyDefinitionFilter> = {
  table: 'policy_definitions',
  label: 'policy',
  body: (p) => (p.description === undefined ? { policy: p.policy } : { policy: p.policy, description: p.description }),
  fromRow: (meta, body) => {
    const def: PolicyDefinition = { ...meta, policy: body.policy as Record<string, unknown> };
    if (typeof body.description === 'string') def.description = body.description;
    return def;
  },
  columns: () => ({}),
  searchText: (p) => `${p.id} ${p.description ?? ''}`,
  filter: (q, f) => (f.q ? whereContains(q, 'search_text', f.q) : q),
  beforeDelete: async (trx, id) => {
    const refs = await trx
      .selectFrom('contract_definitions')
      .select('id')
      .where((eb) => eb.or([eb('access_policy_id', '=', id), eb('contract_policy_id', '=', id)]))
      .orderBy('id')
      .execute();
    if (refs.length > 0) {
      const names = refs.map((r) => `'${r.id}'`).join(', ');
      throw new ConnectorError('STILL_REFERENCED', { detail: `policy '${id}' is used by contract definition ${names}` });
    }
  },
};

export function createPolicyDefinitionSqlStore(database: Database, clock: Clock): PolicyDefinitionStore {
  return new SqlResourceStore(database, spec, clock);
}
