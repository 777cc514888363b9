import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { pino } from 'pino';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../core/index.js';
import { createStores } from '../store/sql/create-stores.js';
import { requireExistingStore } from './existing-store.js';

const PG_URL = process.env.KONTOR_TEST_PG_URL || undefined;
const sqlite = (path: string) => ({ kind: 'sqlite' as const, path, url: undefined, schema: 'public' });
const deps = { clock: systemClock, logger: pino({ level: 'silent' }) };

const dirs: string[] = [];
const scratch = () => {
  const dir = mkdtempSync(join(tmpdir(), 'kontor-existing-store-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('requireExistingStore (SQLite)', () => {
  it('should refuse a missing file, naming its path, and create neither the file nor its folder', async () => {
    const dir = scratch();
    const path = join(dir, 'typo', 'kontr.db');
    await expect(requireExistingStore(sqlite(path), 'kontor audit verify')).rejects.toThrow(
      `no SQLite store at ${path} (store.path, KONTOR_STORE_PATH): the file does not exist; kontor audit verify reads an existing store and creates none`,
    );
    expect(existsSync(join(dir, 'typo'))).toBe(false);
    await expect(requireExistingStore(sqlite(':memory:'), 'kontor audit verify')).rejects.toThrow(/:memory:, which holds no store/);
  });

  it('should refuse a file that holds no Kontor store, and take one that does', async () => {
    const dir = scratch();
    writeFileSync(join(dir, 'empty.db'), '');
    writeFileSync(join(dir, 'notes.txt'), 'not a database at all, just some text that SQLite cannot read as one');
    for (const name of ['empty.db', 'notes.txt']) {
      await expect(requireExistingStore(sqlite(join(dir, name)), 'kontor audit verify'), name).rejects.toThrow(/is not a Kontor store: it has no kontor_migrations table/);
    }
    const path = join(dir, 'kontor.db');
    await (await createStores({ ...sqlite(path), poolSize: 1, migrate: true }, deps)).close();
    await expect(requireExistingStore(sqlite(path), 'kontor audit verify')).resolves.toBeUndefined();
  });
});

describe.skipIf(!PG_URL)('requireExistingStore (PostgreSQL)', () => {
  const schema = `kontor_cli_${randomBytes(5).toString('hex')}`;
  const postgres = { kind: 'postgres' as const, path: '', url: PG_URL, schema };
  const query = async (text: string, values: unknown[] = []) => {
    const client = new pg.Client({ connectionString: PG_URL });
    await client.connect();
    try {
      return (await client.query(text, values)).rows;
    } finally {
      await client.end();
    }
  };
  afterAll(async () => {
    await query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  });

  it('should refuse a schema that does not exist without creating it, then an empty one, and take a Kontor store', async () => {
    await expect(requireExistingStore(postgres, 'kontor audit verify')).rejects.toThrow(
      `the PostgreSQL schema '${schema}' (store.schema, KONTOR_STORE_SCHEMA) does not exist; kontor audit verify reads an existing store and creates none`,
    );
    expect(await query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema])).toEqual([]);
    await query(`CREATE SCHEMA ${schema}`);
    await expect(requireExistingStore(postgres, 'kontor audit verify')).rejects.toThrow(/holds no Kontor store \(no kontor_migrations table\)/);
    await (await createStores({ ...postgres, poolSize: 1, migrate: true }, deps)).close();
    await expect(requireExistingStore(postgres, 'kontor audit verify')).resolves.toBeUndefined();
    // A store another build migrated further: refused, naming both levels (older ones: kontor-program.test.ts).
    await query(`INSERT INTO ${schema}.kontor_migrations (version, name, applied_at) VALUES (9999, 'from a newer build', 0)`);
    await expect(requireExistingStore(postgres, 'kontor audit verify')).rejects.toThrow(/is at migration 9999, newer than this build \(\d+\)/);
  });
});
