import type { Asset, AssetFilter, AssetStore } from '../../../catalog/index.js';
import { ConnectorError, type Clock } from '../../../core/index.js';
import { openWithout, type FieldCipher } from '../../usage/index.js';
import type { Database } from '../database.js';
import { whereContains } from './like-filter.js';
import { SqlResourceStore, type ResourceTableSpec } from './sql-resource-store.js';

/** The data address (with the source's credentials) is sealed at rest when a cipher is given. */
const spec = (cipher: FieldCipher | undefined): ResourceTableSpec<Asset, AssetFilter> => ({
  table: 'assets',
  label: 'asset',
  body: (a) => ({ properties: a.properties, dataAddress: cipher ? cipher.seal(bound(a.id), a.dataAddress) : a.dataAddress }),
  fromRow: (meta, body) => ({
    ...meta,
    properties: body.properties as Asset['properties'],
    dataAddress: (cipher ? cipher.open : openWithout)(bound(meta.id), body.dataAddress) as Asset['dataAddress'],
  }),
  columns: (a) => ({
    keywords_text: `|${(a.properties.keywords ?? []).map((k) => k.toLowerCase()).join('|')}|`,
    media_type: a.properties.mediaType ?? null,
  }),
  searchText: (a) => [a.id, a.properties.title, a.properties.description ?? ''].join(' '),
  filter: (q, f) => {
    let query = q;
    if (f.q) query = whereContains(query, 'search_text', f.q);
    if (f.keyword) query = whereContains(query, 'keywords_text', `|${f.keyword}|`);
    if (f.mediaType) query = query.where('media_type', '=', f.mediaType);
    return query;
  },
  beforeDelete: async (trx, id) => {
    const refs = await trx.selectFrom('contract_definition_assets').select('definition_id').where('asset_id', '=', id).orderBy('definition_id').execute();
    if (refs.length > 0) {
      const names = refs.map((r) => `'${r.definition_id}'`).join(', ');
      throw new ConnectorError('STILL_REFERENCED', { detail: `asset '${id}' is selected by contract definition ${names}` });
    }
  },
});

const bound = (id: string) => ({ table: 'assets', column: 'dataAddress', id });

export function createAssetSqlStore(database: Database, clock: Clock, cipher?: FieldCipher): AssetStore {
  return new SqlResourceStore(database, spec(cipher), clock);
}
