import type { Asset, AssetFilter, AssetStore, DataAddress } from '../../../catalog/index.js';
import { sql } from 'kysely';
import { ConnectorError, isConnectorError, type Clock } from '../../../core/index.js';
import { isSealed, openWithout, type FieldCipher } from '../../usage/index.js';
import type { Database, DbTransaction, DialectName } from '../database.js';
import { lazyDataAddress } from './lazy-data-address.js';
import { whereContains } from './like-filter.js';
import { SqlResourceStore, type ResourceTableSpec } from './sql-resource-store.js';

/**
 * The data address (with the source's credentials) is sealed at rest when a cipher is given, its type kept in clear
 * beside it (`addressType`); a read opens it only when it is used (lazyDataAddress).
 */
const spec = (dialect: DialectName, cipher: FieldCipher | undefined, refused: RefusedAddresses): ResourceTableSpec<Asset, AssetFilter> => ({
  table: 'assets',
  label: 'asset',
  body: (a) => ({
    properties: a.properties,
    ...(cipher ? { dataAddress: cipher.seal(bound(a.id), a.dataAddress), addressType: a.dataAddress.type } : { dataAddress: a.dataAddress }),
  }),
  fromRow: (meta, body) => ({ ...meta, properties: body.properties as Asset['properties'], dataAddress: addressOf(meta.id, body, cipher, refused) }),
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
    const agreements = await liveProviderAgreements(trx, dialect, id);
    if (agreements > 0) {
      throw new ConnectorError('STILL_REFERENCED', {
        detail: `asset '${id}' is the subject of ${agreements} agreement${agreements === 1 ? '' : 's'} not revoked (GET /api/v1/agreements?assetId=${encodeURIComponent(id)}): revoke ${agreements === 1 ? 'it' : 'them'} first (an expired agreement counts until it is revoked)`,
      });
    }
  },
});

/**
 * The agreements not revoked in which we provide the asset: while one holds, a transfer under it would serve
 * whatever asset has this id, so deleting it (and creating another under the id) is refused. An agreement kept as
 * consumer names a peer's dataset that merely shares the id; one whose negotiation is missing counts (we cannot tell).
 */
async function liveProviderAgreements(trx: DbTransaction, dialect: DialectName, assetId: string): Promise<number> {
  const role = dialect === 'postgres' ? sql<string>`n.body->>'role'` : sql<string>`json_extract(n.body, '$.role')`;
  const row = await trx
    .selectFrom('contract_agreements as a')
    .leftJoin('contract_negotiations as n', 'n.id', 'a.negotiation_id')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('a.asset_id', '=', assetId)
    .where('a.status', '!=', 'revoked')
    .where(sql<boolean>`coalesce(${role}, '') <> 'consumer'`)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export const bound = (id: string) => ({ table: 'assets', column: 'dataAddress', id });

/** Sealed values that did not open (STORE_INTEGRITY), by asset id, with the error they gave. */
type RefusedAddresses = Map<string, { sealed: string; error: unknown }>;

/** Rows remembered as refused; beyond this many the oldest is forgotten (and opened, and logged, once more). */
const MAX_REFUSED = 1_000;

/**
 * A data address stored in clear as it is; a sealed one left closed until used. A sealed value that did not open is
 * refused again without being opened (and logged by the cipher) again while the row holds the same text: a row sealed
 * before its type was kept in clear opens for its type on every catalog page that passes over it.
 */
function addressOf(id: string, body: Record<string, unknown>, cipher: FieldCipher | undefined, refused: RefusedAddresses): DataAddress {
  if (!isSealed(body.dataAddress)) return body.dataAddress as DataAddress;
  const sealed = body.dataAddress;
  const open = () => {
    const known = refused.get(id);
    if (known?.sealed === sealed) throw known.error;
    try {
      return (cipher ? cipher.open : openWithout)(bound(id), sealed) as DataAddress;
    } catch (error) {
      if (isConnectorError(error) && error.code === 'STORE_INTEGRITY') {
        if (refused.size >= MAX_REFUSED && !refused.has(id)) refused.delete(refused.keys().next().value as string);
        refused.set(id, { sealed, error });
      }
      throw error;
    }
  };
  return lazyDataAddress(typeof body.addressType === 'string' ? body.addressType : undefined, open, `assets.dataAddress of '${id}'`);
}

export function createAssetSqlStore(database: Database, clock: Clock, cipher?: FieldCipher): AssetStore {
  return new SqlResourceStore(database, spec(database.dialect, cipher, new Map()), clock);
}
