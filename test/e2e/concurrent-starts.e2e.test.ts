import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../connector/store/database.js';
import { migrate } from '../../connector/store/migrate.js';
import { MIGRATIONS } from '../../connector/store/migrations/index.js';
import { TEST_PG_URL } from '../helpers/test-database.js';

const DIST = new URL('../../dist/connector/store/', import.meta.url).href;
const VERSIONS = MIGRATIONS.map((m) => m.version);

/** A separate Node process that opens the store on `schema` and migrates it, printing the versions it applied. */
const WORKER = `
  const { openDatabase } = await import('${DIST}database.js');
  const { migrate } = await import('${DIST}migrate.js');
  const [url, schema] = process.argv.slice(1);
  const db = await openDatabase({ kind: 'postgres', url, schema, poolSize: 2, path: '' });
  const applied = await migrate(db);
  await db.close();
  process.stdout.write(JSON.stringify(applied));
`;

function migrateInProcess(schema: string): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', WORKER, TEST_PG_URL ?? '', schema], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as number[]) : reject(new Error(`exit ${code}: ${err}`))));
  });
}

const freshSchema = () => `kontor_start_${randomBytes(5).toString('hex')}`;

async function dropSchema(schema: string): Promise<void> {
  const admin = await openDatabase({ kind: 'postgres', url: TEST_PG_URL, schema: 'public', poolSize: 1, path: '' });
  await sql`DROP SCHEMA IF EXISTS ${sql.id(schema)} CASCADE`.execute(admin.db);
  await admin.close();
}

/** Every migration applied exactly once, by whichever start got there first. */
function expectAppliedOnce(results: PromiseSettledResult<number[]>[]): void {
  const failures = results.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason));
  expect(failures).toEqual([]);
  const applied = results.flatMap((r) => (r.status === 'fulfilled' ? r.value : []));
  expect(applied.sort((a, b) => a - b)).toEqual(VERSIONS);
}

describe.skipIf(!TEST_PG_URL)('concurrent starts on one empty PostgreSQL schema', () => {
  it('should bring up every one of six stores opened and migrated at once, round after round', async () => {
    for (let round = 0; round < 5; round++) {
      const schema = freshSchema();
      try {
        const results = await Promise.allSettled(
          Array.from({ length: 6 }, async () => {
            const database: Database = await openDatabase({ kind: 'postgres', url: TEST_PG_URL, schema, poolSize: 2, path: '' });
            try {
              return await migrate(database);
            } finally {
              await database.close();
            }
          }),
        );
        expectAppliedOnce(results);
      } finally {
        await dropSchema(schema);
      }
    }
  });

  it('should bring up four separate processes started together, round after round', async () => {
    for (let round = 0; round < 3; round++) {
      const schema = freshSchema();
      try {
        expectAppliedOnce(await Promise.allSettled(Array.from({ length: 4 }, () => migrateInProcess(schema))));
      } finally {
        await dropSchema(schema);
      }
    }
  }, 60_000);
});
