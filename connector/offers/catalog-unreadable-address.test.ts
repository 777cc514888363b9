import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ContractDefinition } from '../../catalog/index.js';
import { FixedClock, silentLogger, type Logger } from '../../core/index.js';
import type { ParticipantAgent } from '../../policy/index.js';
import { freshDatabase, TEST_PG_URL, type Backend } from '../../test/helpers/test-database.js';
import { kekOf, staticKeks } from '../config/artifact-kek.js';
import type { Database } from '../store/database.js';
import { fieldCipher } from '../store/field-cipher.js';
import { storesOn, type Stores } from '../store/sql/create-stores.js';
import { dataService, pullFormat } from './catalog-imports.js';
import { createCatalogProvider, type CatalogProvider } from './catalog-provider.js';
import type { PageCursor } from './page-cursor.js';

/**
 * An offered asset sealed before its data address's type was kept in clear, whose sealed value no longer opens
 * (STORE_INTEGRITY when the catalog reads its type): its dataset is left out as one the requester may not see, and
 * the pages around it (offset and cursor, both ways, with every asset offered or by id) are those of a catalog
 * without it. Review: one such row answered 503 to every peer on every page that passed over it.
 */
const agent: ParticipantAgent = { id: 'did:web:guest', claims: { credentialTypes: [] } };
const publisher = () => ({ participantId: 'did:web:p', service: dataService('did:web:p#dsp', 'http://p/api/dsp'), formatsFor: pullFormat });
const IDS = Array.from({ length: 10 }, (_, i) => `a${String(i).padStart(2, '0')}`);
const BROKEN = ['a00', 'a03', 'a07'];
const SHOWN = IDS.filter((id) => !BROKEN.includes(id));

/** One character of a sealed value's base64 changed (in the middle, so that the bytes really change). */
const tamper = (sealed: string): string => {
  const at = sealed.length - 12;
  return `${sealed.slice(0, at)}${sealed[at] === 'A' ? 'B' : 'A'}${sealed.slice(at + 1)}`;
};

/** The error lines logged, by message. */
function errorLog(): { logger: Logger; errors: { fields: Record<string, unknown>; msg: string }[] } {
  const errors: { fields: Record<string, unknown>; msg: string }[] = [];
  const logger: Logger = { ...silentLogger, error: (fields, msg) => void errors.push({ fields: fields as Record<string, unknown>, msg: msg ?? '' }), child: () => logger };
  return { logger, errors };
}

/** Turns an asset row into one sealed before the type was kept in clear, its sealed value tampered with. */
async function breakLegacy(database: Database, id: string): Promise<void> {
  const row = await database.db.selectFrom('assets').select('body').where('id', '=', id).executeTakeFirstOrThrow();
  const { addressType: _, ...body } = (typeof row.body === 'string' ? JSON.parse(row.body) : row.body) as { dataAddress: string; addressType?: string };
  await database.db
    .updateTable('assets')
    .set({ body: JSON.stringify({ ...body, dataAddress: tamper(body.dataAddress) }) })
    .where('id', '=', id)
    .execute();
}

const backends: Backend[] = TEST_PG_URL ? ['sqlite', 'postgres'] : ['sqlite'];

describe.each(backends)('the catalog over an asset whose data address does not open (%s)', (backend) => {
  let database: Database;
  let cleanup: () => Promise<void>;
  let stores: Stores;
  let storeLog: ReturnType<typeof errorLog>;
  beforeEach(async () => {
    ({ database, cleanup } = await freshDatabase(backend));
    storeLog = errorLog();
    stores = storesOn(database, new FixedClock(1_000), await fieldCipher(staticKeks(kekOf(randomBytes(32)))), storeLog.logger);
    for (const id of IDS) await stores.assets.create({ id, properties: { title: id }, dataAddress: { type: 'HttpData', baseUrl: `https://src.example/${id}` } });
    for (const id of BROKEN) await breakLegacy(database, id);
  });
  afterEach(async () => cleanup());

  /** A provider offering every asset: by an empty selector (SQL pages) or by id (scanned). */
  const providerFor = (selector: ContractDefinition['assetsSelector'], logger: Logger) => {
    const definition = { id: 'd', createdAt: 0, updatedAt: 0, version: 1, accessPolicyId: 'open', contractPolicyId: 'open', assetsSelector: selector };
    const policy = { id: 'open', createdAt: 0, updatedAt: 0, version: 1, policy: { '@type': 'Set', permission: [{ action: 'use' }] } };
    const listed = <T>(items: T[]) => ({ list: async () => ({ items, total: items.length, offset: 0, limit: 1000 }) }) as never;
    return createCatalogProvider({ assets: stores.assets, contractDefinitions: listed([definition]), policies: listed([policy]), isOfferVisible: () => true, publisher, logger });
  };
  const ids = (page: { datasets: { '@id': string }[] }) => page.datasets.map((d) => d['@id']);

  async function offsetWalk(provider: CatalogProvider, limit: number): Promise<{ ids: string[][]; more: boolean[] }> {
    const walk = { ids: [] as string[][], more: [] as boolean[] };
    for (let offset = 0; ; offset += limit) {
      const page = await provider.datasets(agent, {}, { offset, limit });
      walk.ids.push(ids(page));
      walk.more.push(page.more);
      if (!page.more) return walk;
    }
  }

  async function cursorWalk(provider: CatalogProvider, limit: number): Promise<{ forward: string[][]; backward: string[][] }> {
    const forward: string[][] = [];
    let page = await provider.datasets(agent, {}, { offset: 0, limit });
    forward.push(ids(page));
    while (page.next) {
      page = await provider.datasets(agent, {}, { offset: 0, limit, cursor: page.next });
      forward.push(ids(page));
    }
    const backward: string[][] = [];
    let previous = page.previous as PageCursor | undefined;
    while (previous) {
      page = await provider.datasets(agent, {}, { offset: 0, limit, cursor: previous });
      backward.unshift(ids(page));
      previous = page.previous as PageCursor | undefined;
    }
    return { forward, backward };
  }

  const selectors: [string, ContractDefinition['assetsSelector']][] = [
    ['every asset offered', []],
    ['offered by id', [{ operandLeft: 'id', operator: 'in', operandRight: IDS }]],
  ];

  it.each(selectors)('should page as if the broken assets were not offered (%s)', async (_name, selector) => {
    const log = errorLog();
    const provider = providerFor(selector, log.logger);
    expect(await offsetWalk(provider, 3)).toEqual({
      ids: [SHOWN.slice(0, 3), SHOWN.slice(3, 6), SHOWN.slice(6)],
      more: [true, true, false],
    });
    const walk = await cursorWalk(provider, 3);
    expect(walk.forward).toEqual([SHOWN.slice(0, 3), SHOWN.slice(3, 6), SHOWN.slice(6)]);
    // Back from the last page: the first dataset shown comes again, and no link points before it.
    expect(walk.backward.flat()).toEqual(SHOWN.slice(0, 6));
    expect(ids(await provider.datasets(agent, {}, { offset: 0, limit: 100 }))).toEqual(SHOWN);
    expect(ids(await provider.publish({ offset: 0, limit: 100 }))).toEqual(SHOWN);
    // Once per asset in each log, however many pages passed over it.
    expect(log.errors.map((e) => e.fields.assetId)).toEqual(BROKEN);
    expect(storeLog.errors.map((e) => e.fields.rowId)).toEqual(BROKEN);
  });

  it('should answer the dataset read of a broken asset as that of a dataset the requester may not see', async () => {
    const provider = providerFor([{ operandLeft: 'id', operator: 'in', operandRight: ['a02', 'a03'] }], silentLogger);
    const refusal = (id: string) =>
      provider.dataset(agent, id).then(
        () => 'shown',
        (error: { code?: string; message?: string }) => [error.code, error.message?.replace(id, '<id>')],
      );
    const hidden = await refusal('a04'); // not offered
    expect(hidden).toEqual(['NOT_FOUND', expect.stringContaining("dataset '<id>' does not exist")]);
    expect(await refusal('a03')).toEqual(hidden);
    expect(await refusal('nothing-here')).toEqual(hidden);
    expect((await provider.dataset(agent, 'a02'))['@id']).toBe('a02');
  });
});
