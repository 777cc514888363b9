import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FixedClock, silentLogger } from '../../../core/index.js';
import type { StoreConfig } from '../../config/kontor-config.js';
import { openDatabase } from '../database.js';
import { migrate } from '../migrate.js';
import { MIGRATIONS } from '../migrations/index.js';
import { createStores } from './create-stores.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kontor-open-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const sqlite = (path: string, migrateIt = true): StoreConfig => ({ kind: 'sqlite', path, url: undefined, schema: 'public', poolSize: 1, migrate: migrateIt });
const open = (config: StoreConfig) => createStores(config, { clock: new FixedClock(0), logger: silentLogger });
const failure = (config: StoreConfig) =>
  open(config).then(
    async (s) => void (await s.close()),
    (error: unknown) => error as Error & { detail?: string },
  );
const latest = Math.max(...MIGRATIONS.map((m) => m.version));

describe('createStores: a store.path that holds no SQLite database', () => {
  it.each([
    ['random bytes', (p: string) => writeFileSync(p, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 131 + 7) % 256))), 'is not a SQLite database (SQLITE_NOTADB)'],
    ['a text file', (p: string) => writeFileSync(p, 'store: here\n'), 'is not a SQLite database (SQLITE_NOTADB)'],
    ['a directory', (p: string) => mkdirSync(p), 'it is a directory, not a SQLite database file'],
  ])('should refuse %s, naming store.path and the reason', async (_, make, reason) => {
    const path = join(dir, 'kontor.db');
    make(path);
    const error = await failure(sqlite(path));
    expect(error?.detail).toContain(`the SQLite store '${path}' (store.path)`);
    expect(error?.detail).toContain(reason);
  });
});

describe('createStores: a store.path whose folder cannot be made', () => {
  it('should refuse a folder under a file, naming store.path and the reason', async () => {
    writeFileSync(join(dir, 'file'), '');
    const error = await failure(sqlite(join(dir, 'file', 'sub', 'kontor.db')));
    expect(error?.detail).toContain(`(store.path) failed: ENOTDIR`);
  });

  // Node 20's recursive mkdir never returned here: the connector hung at start (Linux only: /proc).
  it.skipIf(!existsSync('/proc/self'))('should refuse a folder under /proc instead of hanging, naming store.path', async () => {
    const error = await failure(sqlite('/proc/kontor-missing/kontor.db'));
    expect(error?.detail).toContain(`the SQLite store '/proc/kontor-missing/kontor.db' (store.path) failed: ENOENT`);
  });
});

describe('createStores with store.migrate off', () => {
  it('should refuse a database older than this build, naming the migration found and the one needed', async () => {
    const path = join(dir, 'old.db');
    const old = await openDatabase(sqlite(path));
    await migrate(old, { migrations: MIGRATIONS.filter((m) => m.version <= 3) });
    await old.close();
    const error = await failure(sqlite(path, false));
    expect(error?.detail).toContain(`the database is at migration 3, this build needs ${latest}`);
    expect(error?.detail).toContain('store.migrate=true');
  });

  it('should refuse an empty database, and open a migrated one', async () => {
    expect((await failure(sqlite(join(dir, 'empty.db'), false)))?.detail).toContain('no Kontor schema');
    const path = join(dir, 'current.db');
    await (await open(sqlite(path))).close();
    expect(await failure(sqlite(path, false))).toBeUndefined();
  });

  it('should answer a table gone from under it with 503 STORE_UNAVAILABLE, saying the schema is missing', async () => {
    const path = join(dir, 'dropped.db');
    const stores = await open(sqlite(path));
    const side = await openDatabase(sqlite(path));
    await sql`DROP TABLE assets`.execute(side.db);
    await side.close();
    await expect(stores.assets.findById('a')).rejects.toMatchObject({
      code: 'STORE_UNAVAILABLE',
      detail: expect.stringContaining('the schema is missing or older than this build'),
    });
    await stores.close();
  });
});
