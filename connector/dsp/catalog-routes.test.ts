import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProvider, type RunningProvider } from '../../test/protocol/catalog-fixture.js';

/**
 * The catalog binding's own behaviour, without the DSP schemas (test/protocol/catalog-protocol.test.ts checks the
 * bodies against them where they are available): who sees what, paging, filters, and the CatalogError of each refusal.
 */
let provider: RunningProvider;
beforeAll(async () => (provider = await startProvider()));
afterAll(async () => provider.stop());
const CTX = ['https://w3id.org/dspace/2025/1/context.jsonld'];
const catalogRequest = (fields: Record<string, unknown> = {}) => ({ '@context': CTX, '@type': 'CatalogRequestMessage', ...fields });
const post = (path: string, body: unknown, token?: string) =>
  fetch(`${provider.base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
const datasetIds = async (res: Response) => ((await res.json()) as { dataset?: { '@id': string }[] }).dataset?.map((d) => d['@id']) ?? [];

describe('the DSP catalog routes', () => {
  it('POST /catalog/request: the datasets the caller may see, never the data address behind them', async () => {
    const guest = await post('/catalog/request', catalogRequest(), 'token-guest');
    expect(guest.status).toBe(200);
    const text = await guest.clone().text();
    expect(await datasetIds(guest)).toEqual(['a01', 'a02', 'a03', 'a04', 'a05', 'a06', 'a07']);
    expect(text).not.toContain('internal.example');
    expect(await datasetIds(await post('/catalog/request', catalogRequest(), 'token-member'))).toContain('urn:asset:members/only');
  });

  it('pages with ?limit and a Link to the next page', async () => {
    const res = await post('/catalog/request?limit=3', catalogRequest(), 'token-guest');
    expect(await datasetIds(res)).toEqual(['a01', 'a02', 'a03']);
    const next = /^<([^>]+)>; rel="next"$/.exec(res.headers.get('link') ?? '')?.[1] ?? '';
    expect(next).toMatch(new RegExp(`^${provider.base}/catalog/request\\?cursor=[A-Za-z0-9_-]+&limit=3$`));
    const second = await fetch(next, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer token-guest' },
      body: JSON.stringify(catalogRequest()),
    });
    expect(await datasetIds(second)).toEqual(['a04', 'a05', 'a06']);
    expect(second.headers.get('link')).toMatch(/^<[^>]+\?cursor=[A-Za-z0-9_-]+&limit=3>; rel="previous", <[^>]+\?cursor=[A-Za-z0-9_-]+&limit=3>; rel="next"$/);
  });

  it('still pages by ?offset, linking onwards by cursor', async () => {
    const res = await post('/catalog/request?offset=5&limit=1', catalogRequest(), 'token-guest');
    expect(await datasetIds(res)).toEqual(['a06']);
    expect(res.headers.get('link')).toMatch(
      new RegExp(`^<${provider.base}/catalog/request\\?offset=4&limit=1>; rel="previous", <[^>]+\\?cursor=[A-Za-z0-9_-]+&limit=1>; rel="next"$`),
    );
  });

  it.each([
    ['garbled', 'not*base64'],
    ['not one this catalog wrote', Buffer.from('{"offset":3}').toString('base64url')],
    ['naming a dataset that does not exist', Buffer.from('1a:nothing-here').toString('base64url')],
    ['naming a dataset hidden from the caller', Buffer.from('1a:urn:asset:members/only').toString('base64url')],
  ])('refuses a cursor %s with a 400 CatalogError', async (_case, cursor) => {
    const res = await post(`/catalog/request?cursor=${cursor}&limit=2`, catalogRequest(), 'token-guest');
    expect([res.status, await res.json()]).toEqual([400, { '@context': CTX, '@type': 'CatalogError', code: 'INVALID_QUERY', reason: [expect.stringMatching(/^cursor /)] }]);
  });

  it('goes on from a next link whose dataset was deleted since; a cursor at a hidden dataset answers as one at a made-up id', async () => {
    const own = await startProvider();
    try {
      const ask = (url: string) =>
        fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer token-guest' }, body: JSON.stringify(catalogRequest()) });
      const first = await ask(`${own.base}/catalog/request?limit=3`);
      expect(await datasetIds(first)).toEqual(['a01', 'a02', 'a03']);
      await own.stores.assets.delete('a03');
      const next = /<([^>]+)>; rel="next"/.exec(first.headers.get('link') ?? '')?.[1] ?? '';
      const second = await ask(next);
      expect([second.status, await datasetIds(second)]).toEqual([200, ['a04', 'a05', 'a06']]);
      const at = (await own.stores.assets.getById('urn:asset:members/only')).createdAt;
      const placed = (id: string) => Buffer.from(`2a:${at}:${id}`).toString('base64url');
      const hidden = await ask(`${own.base}/catalog/request?cursor=${placed('urn:asset:members/only')}&limit=2`);
      const madeUp = await ask(`${own.base}/catalog/request?cursor=${placed('urn:asset:members/only0')}&limit=2`);
      expect([hidden.status, hidden.headers.get('link'), await hidden.json()]).toEqual([madeUp.status, madeUp.headers.get('link'), await madeUp.json()]);
    } finally {
      await own.stop();
    }
  });

  it('applies a filter', async () => {
    expect(await datasetIds(await post('/catalog/request', catalogRequest({ filter: [{ keyword: 'even' }] }), 'token-guest'))).toEqual(['a02', 'a04', 'a06']);
  });

  it.each([
    ['an unsupported filter', '/catalog/request', catalogRequest({ filter: [{ title: 'x' }] }), 'token-guest', 400, 'VALIDATION_FAILED'],
    ['a page of size 0', '/catalog/request?limit=0', catalogRequest(), 'token-guest', 400, 'INVALID_QUERY'],
    ['a cursor with an offset', '/catalog/request?offset=1&cursor=MWE6YTAx', catalogRequest(), 'token-guest', 400, 'INVALID_QUERY'],
    ['a message of another type', '/catalog/request', { '@context': CTX, '@type': 'DatasetRequestMessage' }, 'token-guest', 400, 'VALIDATION_FAILED'],
    ['a caller without a token', '/catalog/request', catalogRequest(), undefined, 401, 'UNAUTHORIZED'],
  ])('refuses %s with a CatalogError', async (_case, path, body, token, status, code) => {
    const res = await post(path, body, token);
    expect([res.status, await res.json()]).toEqual([status, { '@context': CTX, '@type': 'CatalogError', code, reason: [expect.any(String)] }]);
    if (status === 401) expect(res.headers.get('www-authenticate')).toBe('Bearer');
  });

  it('GET /catalog/datasets/:id: 404 for a dataset the caller may not see, 200 for one it may', async () => {
    const path = `${provider.base}/catalog/datasets/${encodeURIComponent('urn:asset:members/only')}`;
    const guest = await fetch(path, { headers: { authorization: 'Bearer token-guest' } });
    expect([guest.status, ((await guest.json()) as { code: string }).code]).toEqual([404, 'NOT_FOUND']);
    const member = await fetch(path, { headers: { authorization: 'Bearer token-member' } });
    expect([member.status, ((await member.json()) as { '@id': string })['@id']]).toEqual([200, 'urn:asset:members/only']);
  });

  it('405 with Allow for another method on a known path; 404 ROUTE_NOT_FOUND elsewhere', async () => {
    const wrong = await fetch(`${provider.base}/catalog/request`, { headers: { authorization: 'Bearer token-guest' } });
    expect([wrong.status, wrong.headers.get('allow')]).toEqual([405, 'POST']);
    const nowhere = await post('/catalog/nowhere', {}, 'token-guest');
    expect([nowhere.status, ((await nowhere.json()) as { code: string }).code]).toEqual([404, 'ROUTE_NOT_FOUND']);
  });
});
