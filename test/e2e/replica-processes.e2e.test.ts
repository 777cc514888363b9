import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../connector/store/database.js';
import { freePort, runCli, waitForOutput, type ConnectorProcess } from '../helpers/connector-process.js';
import { TEST_PG_URL } from '../helpers/test-database.js';

const API_KEY = 'replica-test-key-0123456789abcdef';
let processes: ConnectorProcess[] = [];
let cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const p of processes) p.child.kill('SIGKILL');
  await Promise.all(processes.map((p) => p.exited));
  for (const c of cleanups) await c();
  processes = [];
  cleanups = [];
});

/** A fresh schema (not created: the replicas create it) and what the replicas on it share. */
function replicaSet(): { env: Record<string, string> } {
  const schema = `kontor_proc_${randomBytes(5).toString('hex')}`;
  const dir = mkdtempSync(join(tmpdir(), 'kontor-replica-procs-'));
  cleanups.push(async () => {
    const admin = await openDatabase({ kind: 'postgres', url: TEST_PG_URL, schema: 'public', poolSize: 1, path: '' });
    await sql`DROP SCHEMA IF EXISTS ${sql.id(schema)} CASCADE`.execute(admin.db);
    await admin.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    env: {
      KONTOR_API_KEY: API_KEY,
      KONTOR_IDENTITY_KIND: 'dev',
      KONTOR_STORE_KIND: 'postgres',
      KONTOR_STORE_URL: TEST_PG_URL ?? '',
      KONTOR_STORE_SCHEMA: schema,
      KONTOR_PUBLIC_HOST: '127.0.0.1',
      // one public address (and so one participant id) for every replica (loopback: the development identity is served there only)
      KONTOR_PUBLIC_URL: 'http://localhost:9',
      KONTOR_KEY_FILE: join(dir, 'keys.json'),
      KONTOR_TRAINING_ARTIFACT_DIR: join(dir, 'artifacts'),
      KONTOR_DATA_TOKEN_SECRET: randomBytes(24).toString('hex'),
      KONTOR_ARTIFACT_KEK: randomBytes(32).toString('base64'),
    },
  };
}

async function startReplica(env: Record<string, string>): Promise<ConnectorProcess & { port: number }> {
  const port = await freePort();
  const p = runCli(['start'], { ...env, KONTOR_MANAGEMENT_PORT: String(port), KONTOR_PUBLIC_PORT: String(await freePort()) });
  processes.push(p);
  return { ...p, port };
}

/** Up: it printed that it started and answers its health check (by then its signal handlers are installed too). */
async function up(p: ConnectorProcess & { port: number }): Promise<number> {
  await waitForOutput(p, 'connector started', 60_000);
  return (await fetch(`http://127.0.0.1:${p.port}/health/live`)).status;
}

/** Issue 19 items 4 and 5 with real processes: `kontor start` four times at once on an empty schema, and kill -9. */
describe.skipIf(!TEST_PG_URL)('replica processes on one PostgreSQL schema', () => {
  it('should bring up four replicas started together on an empty schema, every time', async () => {
    for (let round = 0; round < 2; round++) {
      const { env } = replicaSet();
      const replicas = await Promise.all(Array.from({ length: 4 }, () => startReplica(env)));
      const outcomes = await Promise.allSettled(replicas.map(up));
      expect(outcomes.map((o) => (o.status === 'fulfilled' ? o.value : String(o.reason)))).toEqual([200, 200, 200, 200]);
      for (const p of replicas) p.child.kill('SIGTERM');
      expect(await Promise.all(replicas.map((p) => p.exited))).toEqual([0, 0, 0, 0]);
    }
  }, 180_000);

  it('should refuse a replica with another token secret, identity kind or participant id while one runs, and free the seat of a replica killed with SIGKILL', async () => {
    const { env } = replicaSet();
    const first = await startReplica(env);
    expect(await up(first)).toBe(200);
    const other = await startReplica({ ...env, KONTOR_DATA_TOKEN_SECRET: randomBytes(24).toString('hex') });
    expect(await other.exited).toBe(1);
    expect(other.stderr()).toMatch(/dataPlane\.tokenSecret\W+differs from the value the replicas running on this schema use/);
    expect(other.stderr() + other.stdout()).not.toContain(env.KONTOR_DATA_TOKEN_SECRET);
    const otherKind = await startReplica({ ...env, KONTOR_IDENTITY_KIND: 'dcp' }); // one address, one way to authenticate callers
    expect(await otherKind.exited).toBe(1);
    expect(otherKind.stderr()).toMatch(/identity\.kind\W+differs from the value the replicas running on this schema use/);
    const otherId = await startReplica({ ...env, KONTOR_PARTICIPANT_ID: 'did:web:someone-else.example' });
    expect(await otherId.exited).toBe(1);
    expect(otherId.stderr()).toMatch(/participantId\W+differs from the value the replicas running on this schema use/);
    first.child.kill('SIGKILL');
    await first.exited;
    const rotated = await startReplica({ ...env, KONTOR_DATA_TOKEN_SECRET: randomBytes(24).toString('hex') });
    expect(await up(rotated)).toBe(200); // no replica runs: the new value is taken
  }, 120_000);
});
