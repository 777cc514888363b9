import { readFileSync } from 'node:fs';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConnector, TEST_API_KEY, type RunningConnector } from '../helpers/start-connector.js';
import { BACKENDS } from '../helpers/test-database.js';

/**
 * Issue 17 item 4: a bounded, seeded fuzzer over both listeners, before and after authentication. Its budget is
 * fixed (RUNS requests per store); it asserts no 5xx other than 502 / 503 (a peer that is down) and no hang (a
 * request that gets no answer within HANG_MS fails the run). Management routes that call a peer or a webhook
 * named in the body are fuzzed with GET only: this suite must never leave loopback.
 */
const RUNS = 300;
const SEED = 17_0004;
const HANG_MS = 15_000;
const OUTBOUND = new Set(['/api/v1/catalog/request', '/api/v1/negotiations', '/api/v1/transfers', '/api/v1/trainings', '/api/v1/webhooks', '/api/v1/identity/credentials/request']);
const MANAGEMENT = Object.keys((JSON.parse(readFileSync(new URL('../../connector/api/openapi.json', import.meta.url), 'utf8')) as { paths: object }).paths);
const PUBLIC = [
  '/health',
  '/.well-known/did.json',
  '/api/dsp/.well-known/dspace-version',
  '/api/dsp/catalog/request',
  '/api/dsp/catalog/datasets/{id}',
  '/api/dsp/negotiations/request',
  '/api/dsp/negotiations/{id}',
  '/api/dsp/negotiations/{id}/request',
  '/api/dsp/negotiations/{id}/events',
  '/api/dsp/negotiations/{id}/agreement/verification',
  '/api/dsp/negotiations/{id}/termination',
  '/api/dsp/negotiations/{id}/offers',
  '/api/dsp/negotiations/{id}/agreement',
  '/api/dsp/transfers/request',
  '/api/dsp/transfers/{id}',
  '/api/dsp/transfers/{id}/start',
  '/api/dsp/transfers/{id}/suspension',
  '/api/dsp/transfers/{id}/completion',
  '/api/dsp/transfers/{id}/termination',
  '/api/training/{id}/token',
  '/api/training/{id}/rounds',
  '/api/training/{id}/checkpoint',
  '/api/training/{id}/receipts',
  '/api/training/{id}/secagg',
  '/api/data/{id}',
  '/api/data/{id}/token',
];
const CTX = ['https://w3id.org/dspace/2025/1/context.jsonld'];

const segment = fc.oneof(
  fc.constantFrom('a1', 'open', 'cd', 'tp-1', 'urn:uuid:x', 'did:web:127.0.0.1%3A1'),
  fc.string({ maxLength: 12 }).map(encodeURIComponent),
  fc.constantFrom('%00', '%ZZ', '..', '%2e%2e', '%F0%9F', 'x'.repeat(3000), '%E0%A4%A', ''),
);
const dspMessage = fc
  .record(
    {
      '@context': fc.constantFrom(CTX, ['x'], 'nope'),
      '@type': fc.constantFrom('ContractRequestMessage', 'TransferRequestMessage', 'CatalogRequestMessage', 'ContractNegotiationEventMessage', 'TransferStartMessage', 'x'),
      consumerPid: fc.oneof(fc.string({ maxLength: 10 }), fc.constant('urn:uuid:\u0000'), fc.integer()),
      providerPid: fc.oneof(fc.string({ maxLength: 10 }), fc.constant('a1')),
      offer: fc.oneof(fc.constant({ '@id': 'o-1', '@type': 'Offer', permission: [{ action: 'use' }] }), fc.jsonValue({ maxDepth: 3 })),
      callbackAddress: fc.constantFrom('http://127.0.0.1:1/cb', 'data:text/plain,x', '', 'not a url'),
      agreementId: fc.string({ maxLength: 8 }),
      eventType: fc.constantFrom('ACCEPTED', 'FINALIZED', 'x'),
      round: fc.oneof(fc.integer(), fc.double()),
      task: fc.constantFrom('fit', 'evaluate', 'x'),
      global: fc.array(fc.double(), { maxLength: 5 }),
    },
    { requiredKeys: [] },
  )
  .map((m) => JSON.stringify(m));
const deep = fc.integer({ min: 100, max: 3000 }).map((n) => '{"and":['.repeat(n) + ']}'.repeat(n));
const body = fc.oneof(
  { arbitrary: fc.constant(undefined), weight: 2 },
  { arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)), weight: 3 },
  { arbitrary: dspMessage, weight: 4 },
  { arbitrary: fc.string({ maxLength: 60 }), weight: 1 },
  { arbitrary: deep, weight: 1 },
  { arbitrary: fc.constant('{"id":"a\\u0000","policy":{}}'), weight: 1 },
);
const request = fc.record({
  listener: fc.constantFrom('management', 'public'),
  template: fc.nat(),
  id: segment,
  method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS'),
  query: fc.oneof(fc.constant(''), fc.constantFrom('?limit=-1', '?offset=abc', '?limit=1&limit=2', '?state=%00', '?filter=%7B%7D', '?x[y]=1')),
  auth: fc.constantFrom('none', 'key', 'wrong-key', 'member', 'stranger', 'garbage'),
  contentType: fc.constantFrom(undefined, 'application/json', 'application/ld+json', 'text/plain', 'application/json; charset=utf-16', 'multipart/form-data'),
  encoding: fc.constantFrom(undefined, undefined, 'gzip', 'deflate', 'br', 'gzip-valid', 'br-valid', 'compress'),
  body,
});
type Fuzzed = typeof request extends fc.Arbitrary<infer T> ? T : never;

function build(c: RunningConnector, r: Fuzzed): { url: string; init: RequestInit; label: string } {
  const templates = r.listener === 'management' ? MANAGEMENT : PUBLIC;
  const template = templates[r.template % templates.length] as string;
  const method = OUTBOUND.has(template) && r.method !== 'GET' ? 'GET' : r.method;
  const path = template.replace(/\{[^}]+\}/g, r.id);
  const headers: Record<string, string> = {};
  if (r.auth === 'key') headers['x-api-key'] = TEST_API_KEY;
  if (r.auth === 'wrong-key') headers['x-api-key'] = 'x'.repeat(29);
  if (r.auth === 'member') headers.authorization = 'Dev did:web:127.0.0.1%3A1';
  if (r.auth === 'stranger') headers.authorization = 'Dev did:web:127.0.0.1%3A2';
  if (r.auth === 'garbage') headers.authorization = 'Bearer eyJ.eyJ.sig';
  if (r.contentType) headers['content-type'] = r.contentType;
  let payload: string | Uint8Array | undefined = method === 'GET' || method === 'HEAD' ? undefined : r.body;
  if (payload !== undefined && r.encoding) {
    headers['content-encoding'] = r.encoding.replace('-valid', '');
    if (r.encoding === 'gzip-valid') payload = new Uint8Array(gzipSync(payload));
    if (r.encoding === 'br-valid') payload = new Uint8Array(brotliCompressSync(payload));
  }
  const base = r.listener === 'management' ? c.managementUrl : c.publicUrl;
  return {
    url: `${base}${path}${r.query}`,
    init: { method, headers, ...(payload === undefined ? {} : { body: payload }) },
    label: `${method} ${r.listener} ${path.slice(0, 80)}${r.query}`,
  };
}

/** One request with a timer we clear: no answer in HANG_MS is a hang. */
async function send(url: string, init: RequestInit): Promise<number | 'hang'> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), HANG_MS);
  try {
    const res = await fetch(url, { ...init, signal: abort.signal });
    await res.arrayBuffer();
    return res.status;
  } catch (error) {
    if (abort.signal.aborted) return 'hang';
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

for (const { backend, skip } of BACKENDS) {
  describe.skipIf(skip)(`fuzzing both listeners on ${backend}`, () => {
    let c: RunningConnector;
    beforeAll(async () => {
      c = await startConnector(backend);
      await c.api('/api/v1/assets', { method: 'POST', json: { id: 'a1', properties: { title: 'A' }, dataAddress: { type: 'HttpData', baseUrl: 'http://127.0.0.1:9/' } } });
      await c.api('/api/v1/policies', { method: 'POST', json: { id: 'open', policy: { '@type': 'Set', permission: [{ action: 'use' }] } } });
      await c.api('/api/v1/contract-definitions', { method: 'POST', json: { id: 'cd', accessPolicyId: 'open', contractPolicyId: 'open', approval: 'manual' } });
      await c.connector.training.sessions.open({ transferId: 'tp-1', agreementId: 'ag-1', coordinatorDid: 'did:web:127.0.0.1%3A1', assetId: 'a1' });
    });
    afterAll(async () => c?.stop());

    it(`should answer ${RUNS} seeded hostile requests with no 5xx but 502 / 503, and no hang`, async () => {
      const failures: string[] = [];
      await fc.assert(
        fc.asyncProperty(request, async (r) => {
          const { url, init, label } = build(c, r);
          const status = await send(url, init);
          const ok = status !== 'hang' && (status < 500 || status === 502 || status === 503);
          if (!ok) failures.push(`${status} ${label}`);
          return ok;
        }),
        { seed: SEED, numRuns: RUNS, endOnFailure: true },
      );
      expect(failures).toEqual([]);
    }, 120_000);
  });
}
