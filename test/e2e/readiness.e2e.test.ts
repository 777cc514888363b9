import BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../connector/store/database.js';
import { startConnector, type RunningConnector } from '../helpers/start-connector.js';
import { startTcpProxy } from '../helpers/tcp-proxy.js';
import { BACKENDS, TEST_PG_URL, type Backend } from '../helpers/test-database.js';

type Problem = { status: number; code: string; errors?: { pointer: string; message: string }[] };

/** Breaks the store under a running connector from outside it, then mends it: a second connection to the same database. */
async function saboteur(backend: Backend, c: RunningConnector): Promise<{ breakIt(): Promise<void>; mend(): Promise<void>; close(): Promise<void> }> {
  const store = c.connector.config.store;
  if (backend === 'sqlite') {
    const other = new BetterSqlite3(store.path);
    return {
      breakIt: async () => void other.exec('ALTER TABLE kontor_migrations RENAME TO kontor_migrations_away'),
      mend: async () => void other.exec('ALTER TABLE kontor_migrations_away RENAME TO kontor_migrations'),
      close: async () => void other.close(),
    };
  }
  // PostgreSQL: the connector's schema disappears (renamed away) under its open connections, then comes back.
  // (Connections are not cut: other suites may share the server, and pg_stat_activity cannot tell whose they are.)
  const admin = await openDatabase({ ...store, schema: 'public', poolSize: 1 });
  const away = `${store.schema}_away`;
  return {
    breakIt: async () => void (await sql`ALTER SCHEMA ${sql.id(store.schema)} RENAME TO ${sql.id(away)}`.execute(admin.db)),
    mend: async () => void (await sql`ALTER SCHEMA ${sql.id(away)} RENAME TO ${sql.id(store.schema)}`.execute(admin.db)),
    close: () => admin.close(),
  };
}

describe.each(BACKENDS)('health endpoints on $backend', ({ backend, skip }) => {
  let c: RunningConnector;
  beforeAll(async () => {
    if (!skip) c = await startConnector(backend);
  });
  afterAll(async () => c?.stop());

  it.skipIf(skip)('should answer /health, /health/live and /health/ready without the API key', async () => {
    for (const path of ['/health', '/health/live', '/health/ready']) {
      const res = await fetch(`${c.managementUrl}${path}`);
      expect(res.status, path).toBe(200);
    }
    expect(await (await fetch(`${c.managementUrl}/health`)).json()).toMatchObject({ status: 'ok' });
    expect(await (await fetch(`${c.managementUrl}/health/ready`)).json()).toEqual({ status: 'ready', checks: backend === 'postgres' ? ['database', 'clock'] : ['database'] });
    expect(await (await fetch(`${c.publicUrl}/health`)).json()).toMatchObject({ status: 'ok' });
  });

  it.skipIf(skip)('should turn 503 NOT_READY naming the database when it is unusable, and 200 again when it is back', async () => {
    const s = await saboteur(backend, c);
    try {
      await s.breakIt();
      const down = await fetch(`${c.managementUrl}/health/ready`);
      expect(down.status).toBe(503);
      expect(down.headers.get('content-type')).toMatch(/application\/problem\+json/);
      const problem = (await down.json()) as Problem;
      expect(problem).toMatchObject({ status: 503, code: 'NOT_READY' });
      expect(problem.errors?.map((e) => e.pointer)).toEqual(['/checks/database']);
      expect(problem.errors?.[0]?.message).toMatch(/cannot be queried/);
      expect((await fetch(`${c.managementUrl}/health/live`)).status).toBe(200);
      await s.mend();
      expect((await fetch(`${c.managementUrl}/health/ready`)).status).toBe(200);
    } finally {
      await s.close();
    }
  });
});

describe.skipIf(TEST_PG_URL === undefined)('GET /health/ready when PostgreSQL stops and comes back (a TCP proxy in front of it)', () => {
  it('should answer 503 naming the database while it is stopped, and 200 once it is back', async () => {
    const upstream = new URL(TEST_PG_URL as string);
    const proxy = await startTcpProxy(upstream.hostname, Number(upstream.port || 5432));
    const viaProxy = new URL(TEST_PG_URL as string);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(proxy.port);
    const c = await startConnector('postgres', {}, { 'store.url': viaProxy.toString() });
    try {
      expect((await fetch(`${c.managementUrl}/health/ready`)).status).toBe(200);
      await proxy.stop();
      const down = await fetch(`${c.managementUrl}/health/ready`);
      expect(down.status).toBe(503);
      expect(((await down.json()) as Problem).errors?.map((e) => e.pointer)).toEqual(['/checks/database']);
      await proxy.start();
      expect((await fetch(`${c.managementUrl}/health/ready`)).status).toBe(200);
    } finally {
      await proxy.start().catch(() => undefined);
      await c.stop();
      await proxy.stop();
    }
  });
});
