import { sql } from 'kysely';
import { ConnectorError } from '../../core/index.js';
import type { Database } from './database.js';

/** What start-up needs of the field cipher: the KEKs it holds. */
export interface HeldKeks {
  readonly kekIds: readonly string[];
}

/**
 * Each column that holds values sealed under the artifact KEK (`fs1:` field-cipher.ts, `kw1:` artifact-key-wrap.ts,
 * both `<format>:<kekId>:…`, the KEK id at characters 5–24): what names a row, and the sealed value as text.
 */
interface SealedColumn {
  readonly name: string;
  readonly table: string;
  readonly format: 'fs1' | 'kw1';
  readonly id: string;
  readonly value: { sqlite: string; postgres: string };
}

const SEALED_COLUMNS: readonly SealedColumn[] = [
  {
    name: 'assets.dataAddress',
    table: 'assets',
    format: 'fs1',
    id: 'id',
    value: { sqlite: "json_extract(body, '$.dataAddress')", postgres: "body->>'dataAddress'" },
  },
  { name: 'webhooks.secret', table: 'webhooks', format: 'fs1', id: 'id', value: { sqlite: 'secret', postgres: 'secret' } },
  {
    name: 'the artifact key',
    table: 'usage_artifact_keys',
    format: 'kw1',
    id: "agreement_id || ' / ' || artifact_class",
    value: { sqlite: 'key_material', postgres: 'key_material' },
  },
];

/** One sealed value this connector cannot open: where it is and the KEK it needs. */
interface Unreadable {
  readonly where: string;
  readonly kekId: string;
}

/**
 * Refuses to start on a store that holds a sealed value (an asset's data address, a webhook secret, an artifact key)
 * under a KEK this connector does not hold: every read of it would fail. A KEK id is a fingerprint of the key, so a
 * value whose id is held opens; the check is one query per sealed column (the first row, if any, sealed under another
 * id), run before anything is served. Upgrade review item 1: a store an older build sealed under its generated KEK
 * file, started with a new key, answered every read of those rows with an error instead of refusing to start.
 */
export async function checkSealedRows(database: Database, held: HeldKeks): Promise<void> {
  const unreadable: Unreadable[] = [];
  for (const column of SEALED_COLUMNS) {
    const found = await firstUnreadable(database, column, held.kekIds);
    if (found) unreadable.push(found);
  }
  const [first] = unreadable;
  if (!first) return;
  const needed = [...new Set(unreadable.map((u) => u.kekId))];
  const message =
    `the store holds values sealed with artifact KEK ${needed.join(', ')} (${unreadable.map((u) => `${u.where}: ${u.kekId}`).join('; ')}), ` +
    `and this connector holds ${held.kekIds.join(', ') || 'none'}: start it with the KEK the store was sealed with. If an earlier run used a ` +
    'generated KEK file (by default beside identity.keyFile: keys.json → keys.artifact-kek.json), set usage.artifactKekFile ' +
    '(KONTOR_ARTIFACT_KEK_FILE) to that file, or usage.artifactKek (KONTOR_ARTIFACT_KEK) to its keys[0].key; a new key cannot read these values';
  throw new ConnectorError('CONFIG_INVALID', { detail: `invalid configuration: usage.artifactKek: ${message}`, violations: [{ pointer: 'usage.artifactKek', message }] });
}

async function firstUnreadable(database: Database, column: SealedColumn, held: readonly string[]): Promise<Unreadable | undefined> {
  const value = sql.raw(column.value[database.dialect]);
  const notHeld = held.length === 0 ? sql`` : sql`AND substr(${value}, 5, 20) NOT IN (${sql.join(held.map((id) => sql`${id}`))})`;
  const { rows } = await sql<{ id: unknown; kek_id: unknown }>`
    SELECT ${sql.raw(column.id)} AS id, substr(${value}, 5, 20) AS kek_id FROM ${sql.table(column.table)}
    WHERE ${value} LIKE ${`${column.format}:kek-%`} ${notHeld} LIMIT 1`.execute(database.db);
  const [row] = rows;
  return row ? { where: `${column.name} of '${String(row.id)}'`, kekId: String(row.kek_id) } : undefined;
}
