import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeWithDspSchemas } from '../helpers/dsp-schema-location.js';
import { validateDspEverywhere } from '../helpers/dsp-schemas.js';
import { startProvider, type RunningProvider } from './catalog-fixture.js';

const CONTEXT = ['https://w3id.org/dspace/2025/1/context.jsonld'];
const valid = JSON.stringify({ '@context': CONTEXT, '@type': 'CatalogRequestMessage' });
const json = { 'content-type': 'application/json' };
const member = { authorization: 'Bearer token-member' };

let provider: RunningProvider;
beforeAll(async () => {
  provider = await startProvider({ bodyLimitBytes: 2048 });
});
afterAll(async () => provider.stop());

/** The answer must be a CatalogError that every schema set with a CatalogError schema accepts. */
async function expectCatalogError(res: Response, status: number, code: string): Promise<string[]> {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  const body = (await res.json()) as { code: string; reason: string[] };
  const results = validateDspEverywhere('CatalogError', body);
  expect(results['2025-1']).toEqual({ valid: true, errors: [] });
  expect(body.code).toBe(code);
  return body.reason;
}

const post = (init: { headers?: Record<string, string>; body?: string; query?: string }) =>
  fetch(`${provider.base}/catalog/request${init.query ?? ''}`, {
    method: 'POST',
    headers: init.headers ?? { ...json, ...member },
    ...(init.body !== undefined ? { body: init.body } : {}),
  });

describe('DSP catalog request media types', () => {
  it('should accept application/ld+json', async () => {
    expect((await post({ headers: { 'content-type': 'application/ld+json', ...member }, body: valid })).status).toBe(200);
  });
});

describeWithDspSchemas('DSP catalog errors', () => {
  it.each([
    ['no Authorization header', { ...json }],
    ['an unknown token', { ...json, authorization: 'Bearer nope' }],
    ['another scheme', { ...json, authorization: 'Basic dXNlcjpwdw==' }],
  ])('should answer 401 CatalogError to %s, before looking at the body', async (_name, headers) => {
    const res = await post({ headers, body: '{not json' });
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
    await expectCatalogError(res, 401, 'UNAUTHORIZED');
  });

  it('should answer 401 to an unauthenticated dataset request too', async () => {
    await expectCatalogError(await fetch(`${provider.base}/catalog/datasets/a01`), 401, 'UNAUTHORIZED');
  });

  it.each([
    ['malformed JSON', '{"@context": [', 'MALFORMED_JSON'],
    ['a JSON array', '[]', 'VALIDATION_FAILED'],
    ['a missing body', undefined, 'VALIDATION_FAILED'],
    ['the wrong @type', JSON.stringify({ '@context': CONTEXT, '@type': 'DatasetRequestMessage', dataset: 'a01' }), 'VALIDATION_FAILED'],
    ['a bare string @context', JSON.stringify({ '@context': CONTEXT[0], '@type': 'CatalogRequestMessage' }), 'VALIDATION_FAILED'],
    ['a @context without the DSP context', JSON.stringify({ '@context': ['https://w3id.org/dspace/2024/1/context.json'], '@type': 'CatalogRequestMessage' }), 'VALIDATION_FAILED'],
    ['a filter that is not an array', JSON.stringify({ '@context': CONTEXT, '@type': 'CatalogRequestMessage', filter: { q: 'x' } }), 'VALIDATION_FAILED'],
  ])('should answer 400 CatalogError to %s', async (_name, body, code) => {
    await expectCatalogError(await post(body === undefined ? {} : { body }), 400, code);
  });

  it.each([[[{ unknownKey: 'x' }]], [['free text']], [[{ q: 3 }]], [[{ q: 'a' }, { q: 'b' }]], [[{ q: 'a'.repeat(201) }]]])(
    'should answer 400 to the unsupported filter %j',
    async (filter) => {
      const reason = await expectCatalogError(await post({ body: JSON.stringify({ '@context': CONTEXT, '@type': 'CatalogRequestMessage', filter }) }), 400, 'VALIDATION_FAILED');
      expect(reason.join(' ')).toMatch(/unsupported filter/);
    },
  );

  it.each(['?limit=0', '?limit=501', '?offset=-1', '?limit=abc', '?offset=1&offset=2'])('should answer 400 to the paging query %s', async (query) => {
    await expectCatalogError(await post({ body: valid, query }), 400, 'INVALID_QUERY');
  });

  it('should name the bounds it holds and every query parameter it does not know', async () => {
    for (const query of ['?limit=0', '?limit=99999999999'])
      expect(await expectCatalogError(await post({ body: valid, query }), 400, 'INVALID_QUERY')).toEqual(['limit must be an integer from 1 to 500']);
    expect(await expectCatalogError(await post({ body: valid, query: '?limit=5&foo=bar&q=x' }), 400, 'INVALID_QUERY')).toEqual([
      "unknown query parameter 'foo', 'q': a catalog request takes only offset, limit and cursor",
    ]);
  });

  it('should answer 415 to a body that is not JSON, and 413 to one over the limit', async () => {
    await expectCatalogError(await post({ headers: { 'content-type': 'text/plain', ...member }, body: valid }), 415, 'UNSUPPORTED_MEDIA_TYPE');
    const big = JSON.stringify({ '@context': CONTEXT, '@type': 'CatalogRequestMessage', filter: [{ q: 'x'.repeat(4096) }] });
    await expectCatalogError(await post({ body: big }), 413, 'BODY_TOO_LARGE');
  });

  it('should answer 404 alike for an unknown dataset and one this requester may not see', async () => {
    const unknown = await expectCatalogError(await fetch(`${provider.base}/catalog/datasets/nope`, { headers: { authorization: 'Bearer token-guest' } }), 404, 'NOT_FOUND');
    const hidden = await expectCatalogError(
      await fetch(`${provider.base}/catalog/datasets/${encodeURIComponent('urn:asset:members/only')}`, { headers: { authorization: 'Bearer token-guest' } }),
      404,
      'NOT_FOUND',
    );
    expect(unknown[0]?.replace('nope', 'X')).toBe(hidden[0]?.replace('urn:asset:members/only', 'X'));
    await expectCatalogError(await fetch(`${provider.base}/catalog/datasets/orphan`, { headers: member }), 404, 'NOT_FOUND');
  });

  it('should answer 405 with Allow to a wrong method and 404 to an unknown catalog path, as CatalogErrors', async () => {
    const wrong = await fetch(`${provider.base}/catalog/request`, { headers: member });
    expect(wrong.headers.get('allow')).toBe('POST');
    await expectCatalogError(wrong, 405, 'METHOD_NOT_ALLOWED');
    await expectCatalogError(await fetch(`${provider.base}/catalog/datasets/a01`, { method: 'DELETE', headers: member }), 405, 'METHOD_NOT_ALLOWED');
    await expectCatalogError(await fetch(`${provider.base}/catalog/nothing-here`, { headers: member }), 404, 'ROUTE_NOT_FOUND');
  });

  it('should answer 500 CatalogError without internals when a store fails', async () => {
    const failing = await startProvider({
      stores: {
        ...provider.stores,
        assets: {
          ...provider.stores.assets,
          list: async () => {
            throw new Error('disk on fire at /var/secret');
          },
          findById: provider.stores.assets.findById.bind(provider.stores.assets),
        } as never,
      },
    });
    try {
      const res = await fetch(`${failing.base}/catalog/request`, { method: 'POST', headers: { ...json, ...member }, body: valid });
      const reason = await expectCatalogError(res, 500, 'INTERNAL');
      expect(reason.join(' ')).not.toMatch(/disk|secret/);
    } finally {
      await failing.stop();
    }
  });
});
