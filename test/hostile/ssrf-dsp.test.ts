import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConnector, type RunningConnector } from '../helpers/start-connector.js';

/**
 * Issue 17 item 2, end to end: a member's DSP message naming an internal address as its callback (or push
 * destination) is refused on intake with the DSP error body, nothing is recorded, and nothing is called. Two
 * connectors run in this one process with different outbound settings; each keeps its own.
 */
const CTX = ['https://w3id.org/dspace/2025/1/context.jsonld'];
const MEMBER = 'Dev did:web:127.0.0.1%3A1';

describe('SSRF through DSP messages', () => {
  let open: RunningConnector;
  let strict: RunningConnector;
  beforeAll(async () => {
    open = await startConnector('sqlite');
    strict = await startConnector('sqlite', {}, { 'outbound.denyAddresses': ['127.0.0.0/8'] });
  });
  afterAll(async () => {
    await open?.stop();
    await strict?.stop();
  });
  const dsp = (c: RunningConnector, path: string, body: unknown) =>
    fetch(`${c.publicUrl}/api/dsp/${path}`, { method: 'POST', headers: { authorization: MEMBER, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const contractRequest = (consumerPid: string, callbackAddress: string) => ({
    '@context': CTX,
    '@type': 'ContractRequestMessage',
    consumerPid,
    offer: { '@id': 'o-1', '@type': 'Offer', target: 'a1', permission: [{ action: 'use' }] },
    callbackAddress,
  });

  it.each(['https://10.0.0.5/dsp', 'https://169.254.169.254/latest', 'https://192.168.1.20/dsp', 'https://[fd00::1]/dsp'])(
    'should refuse a ContractRequestMessage calling back to %s, recording nothing',
    async (callbackAddress) => {
      const res = await dsp(open, 'negotiations/request', contractRequest(`urn:uuid:${encodeURIComponent(callbackAddress)}`, callbackAddress));
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ '@type': 'ContractNegotiationError', code: '400', reason: [expect.stringMatching(/(private|link-local|unique-local) address/)] });
      expect((await open.connector.stores.negotiations.list({ offset: 0, limit: 10 })).items).toEqual([]);
    },
  );

  it('should refuse a TransferRequestMessage calling back to a link-local address, recording nothing', async () => {
    const request = {
      '@context': CTX,
      '@type': 'TransferRequestMessage',
      consumerPid: 'urn:uuid:t1',
      agreementId: 'ag-1',
      format: 'HttpData-PULL',
      callbackAddress: 'https://169.254.169.254/dsp',
    };
    const res = await dsp(open, 'transfers/request', request);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ '@type': 'TransferError', code: '400', reason: [expect.stringMatching(/link-local address/)] });
    expect((await open.connector.stores.transfers.list({ offset: 0, limit: 10 })).items).toEqual([]);
  });

  it('should hold each connector in the process to its own settings (loopback denied on one only)', async () => {
    const loopback = 'http://127.0.0.1:9/dsp';
    const refused = await dsp(strict, 'negotiations/request', contractRequest('urn:uuid:strict', loopback));
    expect(refused.status).toBe(400);
    expect(JSON.stringify(await refused.json())).toMatch(/127\.0\.0\.1 is denied \(outbound\.denyAddresses\)/);
    // The other connector (development defaults) lets the loopback callback through the outbound check: it fails
    // later, on the offer it does not know, not on the address.
    const res = await dsp(open, 'negotiations/request', contractRequest('urn:uuid:open', loopback));
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toMatch(/unknown offer/);
  });
});
