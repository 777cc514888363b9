import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { pino } from 'pino';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../core/index.js';
import { AuditLog } from '../audit/index.js';
import { openDatabase } from '../store/database.js';
import { migrate } from '../store/migrate.js';
import { MIGRATIONS } from '../store/migrations/index.js';
import { createStores } from '../store/sql/create-stores.js';
import { openExistingStores, requireExistingStore } from './existing-store.js';

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
    await expect(requireExistingStore(sqlite(join(dir, 'empty.db')), 'kontor audit verify')).rejects.toThrow(/is not a Kontor store: it has no kontor_migrations table/);
    const path = join(dir, 'kontor.db');
    await (await createStores({ ...sqlite(path), poolSize: 1, migrate: true }, deps)).close();
    await expect(requireExistingStore(sqlite(path), 'kontor audit verify')).resolves.toBeUndefined();
  });
});

describe('requireExistingStore (SQLite): no database at all, said as `kontor start` says it', () => {
  it('should name a folder as a folder and another kind of file as not a SQLite database, not as a store without a table', async () => {
    const dir = scratch();
    writeFileSync(join(dir, 'notes.txt'), 'not a database at all, just some text that SQLite cannot read as one');
    const notes = requireExistingStore(sqlite(join(dir, 'notes.txt')), 'kontor audit verify');
    await expect(notes).rejects.toThrow(`the SQLite store '${join(dir, 'notes.txt')}' (store.path) is unavailable: the database file is not a SQLite database (SQLITE_NOTADB)`);
    await expect(requireExistingStore(sqlite(dir), 'kontor audit verify')).rejects.toThrow(
      `${dir} (store.path, KONTOR_STORE_PATH) is a directory, not a SQLite database file; kontor audit verify reads an existing store and creates none`,
    );
    expect(readdirSync(dir)).toEqual(['notes.txt']);
  });
});

describe('openExistingStores (SQLite): a reader cannot write, a command that adds can', () => {
  const entry = { type: 'policy.decision' as const, actor: 'did:web:me.example', data: { decision: 'permit' } };
  const digest = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

  it('should open the store read-only for `read`: it reads, every write through it fails, and the file is left as it was', async () => {
    const path = join(scratch(), 'kontor.db');
    const config = { ...sqlite(path), poolSize: 1, migrate: true };
    const writer = await createStores(config, deps);
    await new AuditLog(writer.audit, systemClock).append(entry);
    await writer.close();
    const before = digest(path);
    const reader = await openExistingStores(config, 'kontor audit verify', { use: 'read' }, deps);
    try {
      expect((await reader.audit.head())?.seq).toBe(1);
      await expect(new AuditLog(reader.audit, systemClock).append(entry)).rejects.toThrow(/readonly|read-only/i);
    } finally {
      await reader.close();
    }
    expect(digest(path)).toBe(before);
    const adder = await openExistingStores(config, 'kontor credentials request', { use: 'add' }, deps);
    try {
      expect((await new AuditLog(adder.audit, systemClock).append(entry)).seq).toBe(2);
    } finally {
      await adder.close();
    }
  });

  it("should read what a connector still holding the file open has in its WAL, and leave the connector's writes working", async () => {
    const path = join(scratch(), 'kontor.db');
    const config = { ...sqlite(path), poolSize: 1, migrate: true };
    const running = await createStores(config, deps); // as `kontor start` opens it: WAL, a checkpointer thread
    try {
      const log = new AuditLog(running.audit, systemClock);
      for (let i = 0; i < 3; i++) await log.append(entry);
      expect(readFileSync(`${path}-wal`).length).toBeGreaterThan(0);
      const reader = await openExistingStores(config, 'kontor audit verify', { use: 'read' }, deps);
      try {
        expect((await reader.audit.head())?.seq).toBe(3);
      } finally {
        await reader.close();
      }
      expect((await log.append(entry)).seq).toBe(4);
    } finally {
      await running.close();
    }
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
    await query(`DROP SCHEMA IF EXISTS ${schema}_old CASCADE`);
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

  it('should open a store older than this build for a reader whose tables are unchanged since its level, and refuse one before', async () => {
    const latest = Math.max(...MIGRATIONS.map((m) => m.version));
    const older = { ...postgres, schema: `${schema}_old` };
    const database = await openDatabase({ ...older, poolSize: 1 });
    await migrate(database, { migrations: MIGRATIONS.filter((m) => m.version <= latest - 1) });
    await database.close();
    await expect(requireExistingStore(older, 'kontor credentials request')).rejects.toThrow(`is at migration ${latest - 1}, this build needs ${latest}`);
    await expect(requireExistingStore(older, 'kontor audit verify', latest - 1)).resolves.toBeUndefined();
    const reader = await openExistingStores({ ...older, poolSize: 1, migrate: true }, 'kontor audit verify', { use: 'read', since: latest - 1 }, deps);
    try {
      expect(await reader.audit.head()).toBeUndefined();
    } finally {
      await reader.close();
    }
    expect(await query(`SELECT MAX(version) AS v FROM ${schema}_old.kontor_migrations`)).toEqual([{ v: latest - 1 }]);
    await query(`DELETE FROM ${schema}_old.kontor_migrations WHERE version = $1`, [latest - 1]);
    await expect(requireExistingStore(older, 'kontor audit verify', latest - 1)).rejects.toThrow(`reads stores from migration ${latest - 1} on (this build's is ${latest})`);
  });
});
