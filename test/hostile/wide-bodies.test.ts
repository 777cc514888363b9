import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ERROR_LEVEL, capturingLogger } from '../helpers/log-capture.js';
import { penguinPlan } from '../../connector/training/backend/baselines.js';
import { startConnector, TEST_API_KEY, type RunningConnector } from '../helpers/start-connector.js';

/**
 * Bodies wide rather than deep: a cap on object members plus array items refuses them at the edge, before schema checks
 * or JSON-LD expansion (which stalled the process for seconds), and an error lists at most 20 violations, so that its
 * answer stays small however many fields a body gets wrong.
 */
const CTX = ['https://w3id.org/dspace/2025/1/context.jsonld'];
const EDC = { '@vocab': 'https://w3id.org/edc/v0.0.1/ns/' };
const MEMBER = 'Dev did:web:127.0.0.1%3A1';
const ADDRESS = { type: 'HttpData', baseUrl: 'http://127.0.0.1:9/x' };
const CAP = /^the body has more than 10000 object members and array items \(counted over the whole body\); the limit was passed at \//;

const keys = (n: number, value: unknown = 'v'): Record<string, unknown> => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, value]));

describe('wide bodies on both listeners', () => {
  let c: RunningConnector;
  let errors: () => unknown[];
  const send = async (url: string, body: unknown, headers: Record<string, string>) => {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, bytes: Buffer.byteLength(text), json: JSON.parse(text) as Record<string, unknown> };
  };
  const mgmt = (path: string, body: unknown) => send(`${c.managementUrl}${path}`, body, { 'x-api-key': TEST_API_KEY });
  const pub = (path: string, body: unknown) => send(`${c.publicUrl}${path}`, body, { authorization: MEMBER });

  beforeAll(async () => {
    const capture = capturingLogger();
    errors = () => capture.lines.filter((l) => l.level >= ERROR_LEVEL);
    c = await startConnector('sqlite', { logger: capture.logger });
    await c.connector.training.sessions.open({ transferId: 'tp-1', agreementId: 'ag-1', coordinatorDid: 'did:web:127.0.0.1%3A1', assetId: 'a1' });
  });
  afterAll(async () => c?.stop());
  afterEach(() => vi.restoreAllMocks());

  it('should refuse more than 10,000 members with a short 400 naming the cap and where, on the management API (v1 and EDC v3)', async () => {
    const v1 = await mgmt('/api/v1/assets', { id: 'wide-1', properties: { title: 't', ...keys(50_000) }, dataAddress: ADDRESS });
    expect(v1.status).toBe(400);
    expect(v1.json).toMatchObject({ code: 'VALIDATION_FAILED', detail: expect.stringMatching(CAP) });
    expect(v1.json.detail).toMatch(/at \/properties\/k\d+$/);
    expect(v1.bytes).toBeLessThan(1024);

    const v3 = await mgmt('/management/v3/assets', { '@context': EDC, '@id': 'wide-3', properties: { name: 't', ...keys(50_000) }, dataAddress: ADDRESS });
    expect(v3.status).toBe(400);
    expect(v3.json).toMatchObject({ code: 'VALIDATION_FAILED', detail: expect.stringMatching(CAP) });
    expect(v3.bytes).toBeLessThan(1024);
    const policy = { '@context': EDC, '@id': 'wide-p', policy: { '@type': 'Set', permission: Array.from({ length: 20_000 }, () => ({ action: 'use' })) } };
    const v3Policy = await mgmt('/management/v3/policydefinitions', policy);
    expect(v3Policy).toMatchObject({ status: 400, json: { code: 'VALIDATION_FAILED', detail: expect.stringMatching(CAP) } });
    // Nothing was stored.
    expect((await c.api('/api/v1/assets/wide-1')).status).toBe(404);
    expect((await c.api('/management/v3/assets/wide-3')).status).toBe(404);
  });

  it('should refuse more than 10,000 members with a short DSP error naming the cap, on the catalog, negotiation and transfer routes', async () => {
    const wide = keys(60_000, 1);
    const catalog = await pub('/api/dsp/catalog/request', { '@context': CTX, '@type': 'CatalogRequestMessage', ...wide });
    expect(catalog.status).toBe(400);
    expect(catalog.json).toMatchObject({ '@type': 'CatalogError', code: 'VALIDATION_FAILED', reason: [expect.stringMatching(CAP)] });
    const negotiation = await pub('/api/dsp/negotiations/request', { '@context': CTX, '@type': 'ContractRequestMessage', ...wide });
    expect(negotiation.status).toBe(400);
    expect(negotiation.json).toMatchObject({ '@type': 'ContractNegotiationError', code: '400', reason: [expect.stringMatching(CAP)] });
    const transfer = await pub('/api/dsp/transfers/request', { '@context': CTX, '@type': 'TransferRequestMessage', ...wide });
    expect(transfer.status).toBe(400);
    expect(transfer.json).toMatchObject({ '@type': 'TransferError', code: '400', reason: [expect.stringMatching(CAP)] });
    for (const answer of [catalog, negotiation, transfer]) expect(answer.bytes).toBeLessThan(1024);
  });

  it('should refuse a body at the byte limit with hundreds of thousands of members from its text, before JSON.parse reads it, on both listeners', async () => {
    // 1 MiB (the default limit of both listeners) of empty objects: about 350,000 members; the text breaks at its very end.
    const rows = Array.from({ length: 349_000 }, () => '{}').join(',');
    const raw = (url: string, body: string, headers: Record<string, string>) =>
      fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body }).then(async (r) => ({
        status: r.status,
        json: (await r.json()) as Record<string, unknown>,
      }));
    const parse = vi.spyOn(JSON, 'parse');
    const asset = `{"id":"wide-text","properties":{"title":"t","rows":[${rows}]},"dataAddress":${JSON.stringify(ADDRESS)}`;
    expect(Buffer.byteLength(asset)).toBeLessThan(1024 * 1024);
    const v1 = await raw(`${c.managementUrl}/api/v1/assets`, asset, { 'x-api-key': TEST_API_KEY });
    expect(v1).toMatchObject({ status: 400, json: { code: 'VALIDATION_FAILED', detail: expect.stringMatching(CAP) } });
    expect(v1.json.detail).toMatch(/at \/properties\/rows\/9996$/);
    const message = `{"@context":${JSON.stringify(CTX)},"@type":"ContractRequestMessage","offer":[${rows}]`;
    const dsp = await raw(`${c.publicUrl}/api/dsp/negotiations/request`, message, { authorization: MEMBER });
    expect(dsp).toMatchObject({ status: 400, json: { code: '400', reason: [expect.stringMatching(/at \/offer\/9996$/)] } });
    const strings = `{"round":1,"global":[${Array.from({ length: 200_000 }, () => '"0.25"').join(',')}]`;
    const site = await raw(`${c.publicUrl}/api/training/tp-1/rounds`, strings, { authorization: MEMBER });
    expect(site).toMatchObject({ status: 400, json: { code: 'VALIDATION_FAILED', detail: expect.stringMatching(/at \/global\/9998$/) } });
    // None of the three bodies (nor anything else as large) reached JSON.parse.
    expect(parse.mock.calls.filter(([text]) => typeof text === 'string' && text.length > 100_000)).toEqual([]);
    expect((await c.api('/api/v1/assets/wide-text')).status).toBe(404);
  });

  it('should list the first 20 violations and count the rest, in a bounded answer, on the management API', async () => {
    const v1 = await mgmt('/api/v1/assets', { id: 'many-1', properties: { title: 't' }, dataAddress: ADDRESS, ...keys(9_000) });
    expect(v1.status).toBe(400);
    const listed = v1.json.errors as { pointer: string; message: string }[];
    expect(listed).toHaveLength(20);
    expect(listed[0]).toEqual({ pointer: '/k0', message: 'is not allowed here' });
    expect(listed[19]).toEqual({ pointer: '/k19', message: 'is not allowed here' });
    expect(v1.json.detail).toBe('/k0: is not allowed here (and 8980 more violations, not listed: only the first 20 are)');
    expect(v1.bytes).toBeLessThan(4 * 1024);

    const hostileKey = `k${'x'.repeat(200_000)}`;
    const long = await mgmt('/api/v1/assets', { id: 'many-2', properties: { title: 't' }, dataAddress: ADDRESS, [hostileKey]: 1 });
    expect(long.status).toBe(400);
    expect((long.json.errors as { pointer: string }[])[0]?.pointer).toMatch(/^\/kx+…$/);
    expect(long.bytes).toBeLessThan(2 * 1024);

    const query = await mgmt('/management/v3/assets', { '@context': EDC, '@id': 'many-3', properties: { name: 't' }, dataAddress: ADDRESS, ...keys(9_000) });
    expect(query.status).toBe(400);
    expect(query.json.code).toBe('VALIDATION_FAILED');
    const v3Listed = query.json.errors as { pointer: string; message: string }[];
    expect(v3Listed).toHaveLength(20);
    expect(v3Listed[0]).toEqual({ pointer: '/k0', message: "is not supported by Kontor's EDC v3 layer (docs/edc-migration.md)" });
    expect(query.json.detail).toMatch(
      /^\/k0: is not supported by Kontor's EDC v3 layer \(docs\/edc-migration.md\) \(and 8980 more violations, not listed: only the first 20 are\)$/,
    );
    expect(query.bytes).toBeLessThan(8 * 1024);
  });

  it('should list the first 20 violations and count the rest, in a bounded DSP error', async () => {
    const transfer = await pub('/api/dsp/transfers/request', { '@context': CTX, '@type': 'TransferRequestMessage', ...keys(9_000, `v${'y'.repeat(60)}`) });
    expect(transfer.status).toBe(400);
    const [reason] = transfer.json.reason as string[];
    expect(reason).toMatch(/^invalid TransferRequestMessage: /);
    expect(reason).toMatch(/\(and \d+ more violations, not listed: only the first 20 are\)$/);
    expect(transfer.bytes).toBeLessThan(8 * 1024);
    const negotiation = await pub('/api/dsp/negotiations/request', { '@context': CTX, '@type': 'ContractRequestMessage', ...keys(9_000) });
    expect(negotiation.status).toBe(400);
    expect(negotiation.bytes).toBeLessThan(8 * 1024);
  });

  it('should leave large legitimate bodies to their routes: prediction rows and training model parameters', async () => {
    // 1,000 rows of 19 features: 20,002 members, over the usual cap; the route has its own (an unknown training: 404).
    const rows = Array.from({ length: 1_000 }, () => keys(19, 0.5));
    const predictions = await mgmt('/api/v1/trainings/no-such-training/predictions', { purpose: 'research', rows });
    expect(predictions.json.detail ?? '').not.toMatch(CAP);
    expect(predictions.status).toBe(404);
    // A round's global model as 200,000 numbers is read by the training route; as many strings it is refused at the edge.
    const round = { round: 1, task: 'evaluate', purpose: 'research', plan: penguinPlan(), global: Array.from({ length: 200_000 }, () => 0.25) };
    const numbers = await pub('/api/training/tp-1/rounds', round);
    expect(numbers.json).toMatchObject({ code: 'POLICY_DENIED', detail: 'the global model does not fit the plan' });
    const strings = await pub('/api/training/tp-1/rounds', { ...round, global: round.global.map(String) });
    expect(strings).toMatchObject({ status: 400, json: { code: 'VALIDATION_FAILED', detail: expect.stringMatching(CAP) } });
    expect(errors()).toEqual([]);
  });
});
