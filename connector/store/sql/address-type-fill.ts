import { sql } from 'kysely';
import { isConnectorError, type Logger } from '../../../core/index.js';
import type { FieldCipher } from '../../usage/index.js';
import type { Database } from '../database.js';
import { fromJsonColumn, toJsonColumn } from '../json-column.js';
import { bound } from './asset-sql-store.js';

/** What one pass did: rows given their type in clear, and the ids of rows whose sealed address does not open. */
export interface AddressTypeFill {
  filled: number;
  unreadable: string[];
}

/** Rows read (and written, in one transaction) per batch. */
const BATCH = 200;

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Gives the asset rows sealed before the data address's type was kept in clear (`addressType` beside the sealed
 * value) their type, once, at start: each is opened with the KEK and its type written into its body (not a change of
 * the asset: version and times stay). A row that does not open stays as it is (the catalog leaves it out). Batches
 * in id order, yielding between them; a store with no such row costs one query. Concurrent replicas write the same.
 */
export async function fillAddressTypes(database: Database, cipher: FieldCipher, logger: Logger): Promise<AddressTypeFill> {
  const address = database.dialect === 'postgres' ? sql<string>`body->>'dataAddress'` : sql<string>`json_extract(body, '$.dataAddress')`;
  const type = database.dialect === 'postgres' ? sql<string>`body->>'addressType'` : sql<string>`json_extract(body, '$.addressType')`;
  const result: AddressTypeFill = { filled: 0, unreadable: [] };
  let after = '';
  for (;;) {
    const rows = await database.db
      .selectFrom('assets')
      .select(['id', 'body'])
      .where('id', '>', after)
      .where(sql<boolean>`${address} LIKE 'fs1:%' AND ${type} IS NULL`)
      .orderBy('id')
      .limit(BATCH)
      .execute();
    const fills = rows.flatMap((row) => typed(String(row.id), fromJsonColumn(row.body) as Record<string, unknown>, cipher, result));
    if (fills.length > 0) {
      await database.db.transaction().execute(async (trx) => {
        for (const fill of fills) {
          const done = await trx
            .updateTable('assets')
            .set({ body: toJsonColumn(fill.body) })
            .where('id', '=', fill.id)
            .where(sql<boolean>`${address} = ${fill.sealed} AND ${type} IS NULL`)
            .executeTakeFirst();
          result.filled += Number(done.numUpdatedRows);
        }
      });
    }
    const last = rows.at(-1);
    if (!last || rows.length < BATCH) break;
    after = String(last.id);
    await yieldToEventLoop();
  }
  if (result.filled > 0) logger.info({ filled: result.filled }, `kept the data address type in clear beside ${result.filled} asset(s) sealed before it was`);
  if (result.unreadable.length > 0) {
    logger.error(
      { code: 'STORE_INTEGRITY', count: result.unreadable.length, assetIds: result.unreadable.slice(0, 20) },
      `${result.unreadable.length} asset data address(es) do not open (changed, or moved from another row): left out of the catalog; restore the rows from a backup, or delete and re-create the assets`,
    );
  }
  return result;
}

/** The row's body with its type in clear, or nothing when its sealed address does not open (counted). */
function typed(id: string, body: Record<string, unknown>, cipher: FieldCipher, result: AddressTypeFill): { id: string; sealed: string; body: object }[] {
  const sealed = String(body.dataAddress);
  try {
    const opened = cipher.open(bound(id), sealed) as { type?: unknown } | null;
    return typeof opened?.type === 'string' ? [{ id, sealed, body: { ...body, addressType: opened.type } }] : [];
  } catch (error) {
    if (!isConnectorError(error) || error.code !== 'STORE_INTEGRITY') throw error;
    result.unreadable.push(id);
    return [];
  }
}
