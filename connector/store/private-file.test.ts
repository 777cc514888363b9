import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from './database.js';

const mode = (path: string) => statSync(path).mode & 0o777;

describe.skipIf(process.platform === 'win32')('SQLite data files', () => {
  const roots: string[] = [];
  const root = () => {
    const dir = mkdtempSync(join(tmpdir(), 'kontor-perm-'));
    roots.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of roots.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('should create the database, its WAL and shared-memory files 0600 in folders created 0700', async () => {
    const base = root();
    const path = join(base, 'data', 'kontor', 'kontor.db');
    const database = await openDatabase({ kind: 'sqlite', path, url: undefined, schema: 'public', poolSize: 1 });
    await sql`CREATE TABLE t (x TEXT)`.execute(database.db);
    await sql`INSERT INTO t VALUES ('asset source credentials')`.execute(database.db);
    expect([mode(path), mode(`${path}-wal`), mode(`${path}-shm`)].map((m) => m.toString(8))).toEqual(['600', '600', '600']);
    expect([mode(join(base, 'data')), mode(join(base, 'data', 'kontor'))].map((m) => m.toString(8))).toEqual(['700', '700']);
    await database.close();
  });

  it('should tighten a database file others could read, and leave an existing folder as the operator set it', async () => {
    const base = root();
    const path = join(base, 'kontor.db');
    writeFileSync(path, '', { mode: 0o644 });
    const folderBefore = mode(base);
    const database = await openDatabase({ kind: 'sqlite', path, url: undefined, schema: 'public', poolSize: 1 });
    await sql`CREATE TABLE t (x TEXT)`.execute(database.db);
    expect(mode(path).toString(8)).toBe('600');
    expect(mode(base)).toBe(folderBefore);
    await database.close();
  });
});
