import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock, silentLogger } from '../../core/index.js';
import { TEST_PG_URL, testStoreConfig, type TestDatabase } from '../../test/helpers/test-database.js';
import { createStores, type Stores } from './sql/create-stores.js';

/**
 * The server ends the store's connections (pg_terminate_backend, as an operator or a failover does) and drops its
 * schema: node-pg reports the first without a code, the second as 42P01; both are 503 STORE_UNAVAILABLE, never 500.
 */
describe.skipIf(!TEST_PG_URL)(`PostgreSQL faults under the store${TEST_PG_URL ? '' : ' — skipped: KONTOR_TEST_PG_URL is not set'}`, () => {
  const app = `kontor_loss_${randomBytes(4).toString('hex')}`;
  let location: TestDatabase;
  let stores: Stores;
  let admin: pg.Client;
  /** Ends every connection of the store's pool and waits until the server has (no timer on our side). */
  const terminate = () => admin.query('SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity WHERE application_name = $1', [app]);
  const asset = (id: string) => ({ id, properties: { title: id }, dataAddress: { type: 'HttpData', baseUrl: 'http://127.0.0.1:9/' } });

  beforeAll(async () => {
    location = testStoreConfig('postgres');
    const url = new URL(location.config.url ?? '');
    url.searchParams.set('application_name', app);
    stores = await createStores({ ...location.config, url: url.toString() }, { clock: new FixedClock(0), logger: silentLogger });
    admin = new pg.Client({ connectionString: TEST_PG_URL });
    await admin.connect();
  });
  afterAll(async () => {
    await admin?.end();
    await stores?.close();
    await location?.cleanup();
  });

  it('should make a query on a connection the server ended a 503 STORE_UNAVAILABLE, then work again', async () => {
    // A transaction is mid-way when its connection ends: its next statement and the ROLLBACK fail on the dead client.
    const failure = await stores
      .changeRecorder(() => undefined)
      .commit(async (tx) => {
        await tx.assets.findById('a');
        await terminate();
        await tx.assets.findById('a');
        return { value: undefined, records: [] };
      })
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(failure).toMatchObject({ code: 'STORE_UNAVAILABLE', retryable: true, retryAfterSeconds: 5 });
    expect((failure as Error & { detail: string }).detail).toContain('the database cannot be reached');
    expect(await stores.assets.findById('a')).toBeUndefined();
  });

  it('should make a dropped schema a 503 saying the schema is missing, and readiness say so', async () => {
    await admin.query(`DROP SCHEMA "${location.config.schema}" CASCADE`);
    const failure = await stores.assets.create(asset('a') as never).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toMatchObject({ code: 'STORE_UNAVAILABLE', retryable: true, retryAfterSeconds: 30 });
    expect((failure as Error & { detail: string }).detail).toContain('the schema is missing or older than this build');
    expect(await stores.problem()).toContain('cannot be queried');
  });
});
