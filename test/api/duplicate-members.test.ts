import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConnector, TEST_API_KEY, type RunningConnector } from '../helpers/start-connector.js';

/**
 * A JSON body that gives a member name twice means two things (JSON.parse keeps the last in silence): it is refused
 * before it is parsed, on both listeners, with each listener's error shape, and nothing is done.
 */
const CTX = '"@context":["https://w3id.org/dspace/2025/1/context.jsonld"]';
const TWICE = 'the body gives the member /id twice: each name may appear once in an object';

describe('duplicate member names in JSON bodies', () => {
  let c: RunningConnector;
  beforeAll(async () => {
    c = await startConnector('sqlite');
  });
  afterAll(async () => c?.stop());

  const send = async (url: string, body: string, headers: Record<string, string>) => {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  };

  it('should refuse a management body giving a member twice with 400 VALIDATION_FAILED naming its pointer, and store nothing', async () => {
    const address = '"dataAddress":{"type":"HttpData","baseUrl":"http://127.0.0.1:9/x"}';
    const v1 = await send(`${c.managementUrl}/api/v1/assets`, `{"id":"dupkey","id":"dupkey2","properties":{"title":"t"},${address}}`, { 'x-api-key': TEST_API_KEY });
    expect(v1).toEqual({
      status: 400,
      json: expect.objectContaining({ code: 'VALIDATION_FAILED', detail: TWICE, errors: [{ pointer: '/id', message: 'is given twice in its object' }] }),
    });
    const nested = await send(`${c.managementUrl}/api/v1/assets`, `{"id":"dup-n","properties":{"title":"t","title":"u"},${address}}`, { 'x-api-key': TEST_API_KEY });
    expect(nested.json).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ pointer: '/properties/title' }] });
    for (const id of ['dupkey', 'dupkey2', 'dup-n']) expect((await c.api(`/api/v1/assets/${id}`)).status).toBe(404);
  });

  it('should refuse a DSP message giving a member twice with the DSP error of its protocol (400)', async () => {
    const dsp = (path: string, body: string) => send(`${c.publicUrl}/api/dsp${path}`, body, { authorization: 'Dev did:web:127.0.0.1%3A1' });
    const catalog = await dsp('/catalog/request', `{${CTX},"@type":"CatalogRequestMessage","@id":"a","@id":"b","id":1,"id":2}`);
    expect(catalog).toEqual({ status: 400, json: expect.objectContaining({ '@type': 'CatalogError', code: 'VALIDATION_FAILED', reason: [expect.stringContaining('twice')] }) });
    const negotiation = await dsp('/negotiations/request', `{${CTX},"@type":"ContractRequestMessage","consumerPid":"a","id":1,"id":2}`);
    expect(negotiation).toEqual({ status: 400, json: expect.objectContaining({ '@type': 'ContractNegotiationError', code: '400', reason: [TWICE] }) });
    const transfer = await dsp('/transfers/request', `{${CTX},"@type":"TransferRequestMessage","consumerPid":"a","id":1,"id":2}`);
    expect(transfer).toEqual({ status: 400, json: expect.objectContaining({ '@type': 'TransferError', code: '400', reason: [TWICE] }) });
    expect(((await (await c.api('/api/v1/negotiations')).json()) as { total: number }).total).toBe(0);
  });
});
