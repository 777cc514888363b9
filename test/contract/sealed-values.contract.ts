import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { FixedClock, silentLogger, type Logger } from '../../core/index.js';
import { kekOf, staticKeks } from '../../connector/config/artifact-kek.js';
import type { Database } from '../../connector/store/database.js';
import { fieldCipher } from '../../connector/store/field-cipher.js';
import { createStores, storesOn, type Stores } from '../../connector/store/sql/create-stores.js';
import { freshDatabase, type Backend, type TestDatabase } from '../helpers/test-database.js';

/** One character of a sealed value's base64 changed (in the middle, so that the bytes really change). */
const tamper = (sealed: string): string => {
  const at = sealed.length - 12;
  return `${sealed.slice(0, at)}${sealed[at] === 'A' ? 'B' : 'A'}${sealed.slice(at + 1)}`;
};

/** What `use` threw (undefined when it did not throw). */
const thrown = (use: () => unknown): unknown => {
  try {
    use();
  } catch (error) {
    return error;
  }
  return undefined;
};

/** The error lines a store logged, with their fields. */
function errorLog(): { logger: Logger; errors: { fields: Record<string, unknown>; msg: string }[] } {
  const errors: { fields: Record<string, unknown>; msg: string }[] = [];
  const logger: Logger = {
    ...silentLogger,
    error: (fields, msg) => void errors.push({ fields: fields as Record<string, unknown>, msg: msg ?? '' }),
    child: () => logger,
  };
  return { logger, errors };
}

/**
 * Sealed columns (an asset's data address, a webhook secret, a wrapped artifact key) changed in the database, or moved
 * to another row: the use of the value is refused with STORE_INTEGRITY (not INTERNAL) and logged once at error level,
 * naming the table, column and row, never the value; reads that do not use it (listings) are not. Run once per backend.
 */
export function sealedValuesContract(backend: Backend): void {
  let database: Database;
  let location: TestDatabase;
  let cleanup: () => Promise<void>;
  let stores: Stores;
  let log: ReturnType<typeof errorLog>;
  const kek = kekOf(randomBytes(32));
  beforeEach(async () => {
    ({ database, location, cleanup } = await freshDatabase(backend));
    log = errorLog();
    stores = storesOn(database, new FixedClock(1_000), await fieldCipher(staticKeks(kek)), log.logger);
  });
  afterEach(async () => cleanup());

  const bodyOf = async (id: string): Promise<Record<string, unknown>> => {
    const row = await database.db.selectFrom('assets').select('body').where('id', '=', id).executeTakeFirstOrThrow();
    return (typeof row.body === 'string' ? JSON.parse(row.body) : row.body) as Record<string, unknown>;
  };
  const setBody = (id: string, body: Record<string, unknown>) =>
    database.db
      .updateTable('assets')
      .set({ body: JSON.stringify(body) })
      .where('id', '=', id)
      .execute();

  it("should refuse an asset's data address tampered with or moved from another row with STORE_INTEGRITY when it is used, logged once", async () => {
    for (const id of ['a1', 'a2']) await stores.assets.create({ id, properties: { title: id }, dataAddress: { type: 'HttpData', baseUrl: `https://src.example/${id}` } } as never);
    const a1 = await bodyOf('a1');
    await setBody('a1', { ...a1, dataAddress: tamper(String(a1.dataAddress)) });
    const tampered = await stores.assets.getById('a1');
    expect(thrown(() => tampered.dataAddress.baseUrl)).toMatchObject({ code: 'STORE_INTEGRITY', retryable: false, message: expect.stringContaining("assets.dataAddress of 'a1'") });
    await setBody('a2', { ...(await bodyOf('a2')), dataAddress: a1.dataAddress }); // a1's intact value, moved to a2
    const moved = await stores.assets.findById('a2');
    expect(thrown(() => JSON.stringify(moved?.dataAddress))).toMatchObject({ code: 'STORE_INTEGRITY' });
    expect(log.errors.map((e) => [e.fields.table, e.fields.column, e.fields.rowId])).toEqual([
      ['assets', 'dataAddress', 'a1'],
      ['assets', 'dataAddress', 'a2'],
    ]);
    expect(JSON.stringify(log.errors)).not.toContain(String(a1.dataAddress).slice(30));
  });

  // Review: one broken data address failed every listing that passed over its row (the DSP catalog of every peer).
  it('should list and read assets whose data address does not open, and give its type, without opening it', async () => {
    for (const id of ['a1', 'a2', 'a3'])
      await stores.assets.create({ id, properties: { title: id }, dataAddress: { type: 'HttpData', baseUrl: `https://src.example/${id}` } } as never);
    const a2 = await bodyOf('a2');
    await setBody('a2', { ...a2, dataAddress: tamper(String(a2.dataAddress)) });
    const { items } = await stores.assets.list({ offset: 0, limit: 10, filter: {} });
    expect(items.map((a) => [a.id, a.properties.title, a.dataAddress.type])).toEqual([
      ['a1', 'a1', 'HttpData'],
      ['a2', 'a2', 'HttpData'],
      ['a3', 'a3', 'HttpData'],
    ]);
    expect((await stores.assets.getById('a2')).dataAddress.type).toBe('HttpData');
    expect(log.errors).toEqual([]);
    expect(items[0]?.dataAddress).toEqual({ type: 'HttpData', baseUrl: 'https://src.example/a1' });
    expect(items[2]?.dataAddress.baseUrl).toBe('https://src.example/a3');
    expect(thrown(() => items[1]?.dataAddress.baseUrl)).toMatchObject({ code: 'STORE_INTEGRITY' });
    expect(log.errors).toHaveLength(1);
  });

  it('should refuse a data address whose type in clear was changed, and open a row written without it for its type', async () => {
    await stores.assets.create({ id: 'a1', properties: { title: 'a1' }, dataAddress: { type: 'HttpData', baseUrl: 'https://src.example/a1' } } as never);
    const body = await bodyOf('a1');
    await setBody('a1', { ...body, addressType: 'File' });
    const changed = await stores.assets.getById('a1');
    expect(changed.dataAddress.type).toBe('File');
    expect(thrown(() => changed.dataAddress.baseUrl)).toMatchObject({ code: 'STORE_INTEGRITY', message: expect.stringContaining('its type in clear (File)') });
    const { addressType: _, ...older } = body;
    await setBody('a1', older);
    expect((await stores.assets.getById('a1')).dataAddress).toEqual({ type: 'HttpData', baseUrl: 'https://src.example/a1' });
  });

  // Review: a row sealed before the type was kept in clear opened for its type on every catalog page, and one that
  // no longer opened failed the catalog; the start (createStores) gives such rows their type, once.
  it('should give rows sealed before the type was kept in clear their type at start, leaving a row that does not open as it is', async () => {
    for (const id of ['a1', 'a2', 'a3'])
      await stores.assets.create({ id, properties: { title: id }, dataAddress: { type: 'HttpData', baseUrl: `https://src.example/${id}` } } as never);
    const { addressType: _, ...a1 } = await bodyOf('a1');
    await setBody('a1', a1);
    const { addressType: __, ...a2 } = await bodyOf('a2');
    const broken = { ...a2, dataAddress: tamper(String(a2.dataAddress)) };
    await setBody('a2', broken);
    const a3 = await bodyOf('a3');
    const rowOf = (id: string) => database.db.selectFrom('assets').select(['version', 'updated_at']).where('id', '=', id).executeTakeFirstOrThrow();
    const before = await rowOf('a1');
    const start = errorLog();
    const infos: string[] = [];
    const logger: Logger = { ...start.logger, info: (_fields, msg) => void infos.push(msg ?? ''), child: () => logger };
    await (await createStores(location.config, { clock: new FixedClock(2_000), logger, cipher: await fieldCipher(staticKeks(kek)) })).close();
    expect(await bodyOf('a1')).toEqual({ ...a1, addressType: 'HttpData' });
    expect(await rowOf('a1')).toEqual(before); // not a change of the asset: its version (ETag) and time stay
    expect(await bodyOf('a2')).toEqual(broken);
    expect(await bodyOf('a3')).toEqual(a3);
    expect(infos.filter((m) => m.includes('1 asset'))).toHaveLength(1);
    expect(start.errors.map((e) => e.fields.assetIds)).toEqual([['a2']]);
    // Its type now reads without opening it (a cipher that opens nothing).
    const closed = storesOn(database, new FixedClock(1_000), {
      kekIds: [],
      seal: () => '',
      open: () => {
        throw new Error('opened');
      },
    } as never);
    expect((await closed.assets.getById('a1')).dataAddress.type).toBe('HttpData');
  });

  it('should refuse a row sealed before the type was kept in clear that does not open on every read, logging it once', async () => {
    await stores.assets.create({ id: 'a1', properties: { title: 'a1' }, dataAddress: { type: 'HttpData', baseUrl: 'https://src.example/a1' } } as never);
    const { addressType: _, ...body } = await bodyOf('a1');
    await setBody('a1', { ...body, dataAddress: tamper(String(body.dataAddress)) });
    for (let read = 0; read < 3; read++) {
      const { items } = await stores.assets.list({ offset: 0, limit: 10, filter: {} });
      expect(thrown(() => items[0]?.dataAddress.type)).toMatchObject({ code: 'STORE_INTEGRITY' });
    }
    expect(log.errors.map((e) => e.fields.rowId)).toEqual(['a1']);
  });

  it('should refuse a tampered webhook secret with STORE_INTEGRITY where a delivery is signed, and only there', async () => {
    await stores.webhooks.create({ id: 'w1', url: 'https://hooks.example/in', events: ['transfer.stateChanged'], secret: 'signing-secret-1', createdAt: 1 });
    const row = await database.db.selectFrom('webhooks').select('secret').where('id', '=', 'w1').executeTakeFirstOrThrow();
    await database.db
      .updateTable('webhooks')
      .set({ secret: tamper(String(row.secret)) })
      .where('id', '=', 'w1')
      .execute();
    // Only signing a delivery opens the secret: listings and reads do not (review: they answered 503).
    const subscription = { id: 'w1', url: 'https://hooks.example/in', events: ['transfer.stateChanged'], createdAt: 1 };
    expect(await stores.webhooks.findById('w1')).toEqual(subscription);
    expect(await stores.webhooks.list()).toEqual([subscription]);
    expect(log.errors).toEqual([]);
    await expect(stores.webhooks.findWithSecret('w1')).rejects.toMatchObject({ code: 'STORE_INTEGRITY' });
    expect(log.errors.map((e) => [e.fields.table, e.fields.rowId])).toEqual([['webhooks', 'w1']]);
  });

  it('should refuse a tampered wrapped artifact key with STORE_INTEGRITY, naming its row in the log', async () => {
    const keys = stores.artifactKeys(staticKeks(kek));
    await keys.getOrCreate('agr', 'updates');
    const row = await database.db.selectFrom('usage_artifact_keys').select('key_material').where('agreement_id', '=', 'agr').executeTakeFirstOrThrow();
    await database.db
      .updateTable('usage_artifact_keys')
      .set({ key_material: tamper(String(row.key_material)) })
      .where('agreement_id', '=', 'agr')
      .execute();
    await expect(keys.find('agr', 'updates')).rejects.toMatchObject({ code: 'STORE_INTEGRITY', retryable: false });
    expect(log.errors.map((e) => [e.fields.table, e.fields.column, e.fields.rowId])).toEqual([['usage_artifact_keys', 'key_material', 'agr / updates']]);
  });
}
