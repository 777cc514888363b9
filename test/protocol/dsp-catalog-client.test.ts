import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectorError } from '../../core/index.js';
import { createDspCatalogClient } from '../../connector/offers/dsp-catalog-client.js';
import { describeWithDspSchemas } from '../helpers/dsp-schema-location.js';
import { validateDspEverywhere } from '../helpers/dsp-schemas.js';
import { startProvider, type RunningProvider } from './catalog-fixture.js';

const client = createDspCatalogClient({ timeoutMs: 5000 });
let provider: RunningProvider;

/** A peer that answers every request with the given status, headers and body, and records what it received. */
async function fakePeer(status: number, body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) {
  const received: { method: string; url: string; headers: Record<string, unknown>; body: string }[] = [];
  const server: Server = createServer((req, res) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString()));
    req.on('end', () => {
      received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: text });
      res.writeHead(status, headers).end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

async function rejection(promise: Promise<unknown>): Promise<ConnectorError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConnectorError);
  return error as ConnectorError;
}

beforeAll(async () => {
  provider = await startProvider();
});
afterAll(async () => provider.stop());

describe('DSP catalog client against a Kontor provider', () => {
  it('should fetch the version document, every catalog page and a dataset', async () => {
    const versions = await client.getVersions(provider.url);
    expect(versions.protocolVersions[0]).toMatchObject({ version: '2025-1', path: '/api/dsp' });
    const ids: string[] = [];
    let page = await client.requestCatalog(provider.base, 'token-guest', undefined, `${provider.base}/catalog/request?limit=4`);
    ids.push(...(page.catalog.dataset ?? []).map((d) => d['@id']));
    expect(page.previous).toBeUndefined();
    while (page.next) {
      page = await client.requestCatalog(provider.base, 'token-guest', undefined, page.next);
      ids.push(...(page.catalog.dataset ?? []).map((d) => d['@id']));
    }
    // The guest sees 7 datasets: two pages of 4 (the hidden members-only asset and the orphan take no place).
    expect(ids).toEqual(['a01', 'a02', 'a03', 'a04', 'a05', 'a06', 'a07']);
    // The last page links back to the first (by cursor: the links page from a dataset the guest has seen).
    const back = await client.requestCatalog(provider.base, 'token-guest', undefined, page.previous);
    expect((back.catalog.dataset ?? []).map((d) => d['@id'])).toEqual(['a01', 'a02', 'a03', 'a04']);
    expect(back.previous).toBeUndefined();
    const dataset = await client.getDataset(provider.base, 'token-member', 'urn:asset:members/only');
    expect(dataset['@id']).toBe('urn:asset:members/only');
  });

  it('should send filters and map DSP errors to PEER_REJECTED with the peer reason', async () => {
    const { catalog } = await client.requestCatalog(`${provider.base}/`, 'token-guest', [{ keyword: 'odd' }]);
    expect(catalog.dataset?.map((d) => d['@id'])).toEqual(['a01', 'a03', 'a05', 'a07']);
    const unsupported = await rejection(client.requestCatalog(provider.base, 'token-guest', [{ colour: 'red' }]));
    expect(unsupported).toMatchObject({ code: 'PEER_REJECTED', retryable: false });
    expect(unsupported.detail).toMatch(/400: VALIDATION_FAILED — unsupported filter/);
    expect(await rejection(client.requestCatalog(provider.base, 'wrong-token'))).toMatchObject({ code: 'PEER_REJECTED', detail: expect.stringMatching(/401: UNAUTHORIZED/) });
    expect(await rejection(client.getDataset(provider.base, 'token-guest', 'urn:asset:members/only'))).toMatchObject({
      code: 'PEER_REJECTED',
      detail: expect.stringMatching(/404/),
    });
  });
});

/** What the client sends a peer for one catalog request with a filter. */
async function sentCatalogRequest() {
  const peer = await fakePeer(
    200,
    JSON.stringify({ '@context': ['https://w3id.org/dspace/2025/1/context.jsonld'], '@id': 'urn:c', '@type': 'Catalog', participantId: 'did:web:x' }),
  );
  try {
    await client.requestCatalog(`${peer.url}/dsp`, 'tok', [{ q: 'x' }]);
    return peer.received[0];
  } finally {
    await peer.close();
  }
}

describeWithDspSchemas('DSP catalog client against the upstream schemas', () => {
  it('should send a schema-valid CatalogRequestMessage', async () => {
    const sent = await sentCatalogRequest();
    const results = Object.values(validateDspEverywhere('CatalogRequestMessage', JSON.parse(sent?.body ?? '')));
    expect(results.length).toBeGreaterThan(0);
    for (const result of results) expect(result).toEqual({ valid: true, errors: [] });
  });
});

describe('DSP catalog client against other peers', () => {
  it('should send a CatalogRequestMessage with the bearer token', async () => {
    const sent = await sentCatalogRequest();
    expect(sent).toMatchObject({ method: 'POST', url: '/dsp/catalog/request', headers: { authorization: 'Bearer tok', 'content-type': 'application/json' } });
    expect(JSON.parse(sent?.body ?? '')).toMatchObject({ '@type': 'CatalogRequestMessage', filter: [{ q: 'x' }] });
  });

  it.each([
    [
      'a catalog without participantId',
      200,
      JSON.stringify({ '@context': ['https://w3id.org/dspace/2025/1/context.jsonld'], '@id': 'urn:c', '@type': 'Catalog' }),
      /invalid Catalog: \/participantId is required/,
      false,
    ],
    [
      'an offer with a target',
      200,
      JSON.stringify({
        '@context': ['https://w3id.org/dspace/2025/1/context.jsonld'],
        '@id': 'urn:c',
        '@type': 'Catalog',
        participantId: 'p',
        dataset: [{ '@id': 'd', hasPolicy: [{ '@id': 'o', permission: [{ action: 'use' }], target: 'd' }], distribution: [{ format: 'f', accessService: 's' }] }],
      }),
      /invalid Catalog/,
      false,
    ],
    ['an HTML page', 200, '<html>hello</html>', /is not JSON/, false],
    ['a 503 without a DSP body', 503, 'busy', /answered 503$/, true],
  ])('should reject %s as PEER_REJECTED', async (_name, status, body, detail, retryable) => {
    const peer = await fakePeer(status, body);
    try {
      const error = await rejection(client.requestCatalog(peer.url, 'tok'));
      expect(error).toMatchObject({ code: 'PEER_REJECTED', retryable });
      expect(error.detail).toMatch(detail);
    } finally {
      await peer.close();
    }
  });

  it('should not follow a page link to another origin with our token', async () => {
    const error = await rejection(client.requestCatalog(provider.base, 'token-guest', undefined, 'http://attacker.example/catalog/request?offset=1'));
    expect(error).toMatchObject({ code: 'PEER_REJECTED', detail: expect.stringMatching(/leaves the peer/) });
  });

  it('should report an unreachable peer as PEER_UNAVAILABLE (retryable)', async () => {
    const peer = await fakePeer(200, '{}');
    await peer.close();
    const error = await rejection(client.requestCatalog(peer.url, 'tok'));
    expect(error).toMatchObject({ code: 'PEER_UNAVAILABLE', retryable: true });
    expect(await rejection(client.getDataset('not a url', 'tok', 'x'))).toMatchObject({ code: 'VALIDATION_FAILED', retryable: false });
  });
});
