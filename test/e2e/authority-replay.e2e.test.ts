import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { MemoryReplayCache } from '../../connector/identity/index.js';
import { SqlReplayCache } from '../../connector/store/sql/sql-replay-cache.js';
import { openDatabase } from '../../connector/store/database.js';
import { startAuthority, type RunningAuthority } from '../helpers/start-authority.js';
import { TEST_PG_URL } from '../helpers/test-database.js';

/** Issue 19: authority processes on one PostgreSQL schema keep spent token ids in the database, like connector replicas. */
describe.skipIf(!TEST_PG_URL)('the authority on PostgreSQL: spent token ids shared by its processes', () => {
  const schema = `kontor_auth_${randomBytes(5).toString('hex')}`;
  const dir = mkdtempSync(join(tmpdir(), 'kontor-authority-replay-'));
  const running: RunningAuthority[] = [];
  afterAll(async () => {
    for (const a of running) await a.stop();
    const admin = await openDatabase({ kind: 'postgres', url: TEST_PG_URL, schema: 'public', poolSize: 1, path: '' });
    await sql`DROP SCHEMA IF EXISTS ${sql.id(schema)} CASCADE`.execute(admin.db);
    await admin.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('should refuse on one authority process a token id the other spent, and keep SQLite authorities in memory', async () => {
    const shared = { 'store.kind': 'postgres', 'store.url': TEST_PG_URL, 'store.schema': schema, 'identity.keyFile': join(dir, 'keys.json') };
    running.push(await startAuthority(shared));
    running.push(await startAuthority(shared));
    const [a, b] = running.map((r) => r.authority.runtime.replayCache);
    expect(a).toBeInstanceOf(SqlReplayCache);
    const jti = `jti-${randomBytes(6).toString('hex')}`;
    const until = Date.parse('2999-01-01T00:00:00Z');
    expect(await a?.use('did:web:member.test', jti, until)).toBe('fresh');
    expect(await b?.use('did:web:member.test', jti, until)).toBe('replayed');
    expect(await b?.use('did:web:member.test', `${jti}-2`, until)).toBe('fresh');
    const lite = await startAuthority();
    running.push(lite);
    expect(lite.authority.runtime.replayCache).toBeInstanceOf(MemoryReplayCache);
  });
});
