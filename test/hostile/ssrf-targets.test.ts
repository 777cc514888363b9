import { createServer, type Server } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { boundedFetch } from '../../connector/http/bounded-fetch.js';
import { createOutboundPolicy, installOutboundPolicy } from '../../connector/http/outbound/index.js';
import { httpFetchPresentation } from '../../connector/identity/runtime/fetch-presentation.js';
import { dspRequest } from '../../connector/peer/dsp-http-client.js';
import { checkCallbackAddress } from '../../connector/transfer/transfer-message-checks.js';

/** Issue 17 item 2: the connector calls no URL a peer names unless the outbound policy allows it. */
interface Target { url: string; hits: string[]; close(): Promise<void> }

async function target(answer: (port: number) => { status: number; headers?: Record<string, string> } = () => ({ status: 200 })): Promise<Target> {
  const hits: string[] = [];
  let port = 0;
  const server: Server = createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    req.resume();
    const a = answer(port);
    res.writeHead(a.status, { 'content-type': 'application/json', ...a.headers }).end('{"presentation":[]}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
  return { url: `http://127.0.0.1:${port}`, hits, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const failure = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e);
const targets: Target[] = [];
const started = async (...a: Parameters<typeof target>) => {
  const t = await target(...a);
  targets.push(t);
  return t;
};
afterEach(async () => {
  for (const t of targets.splice(0)) await t.close();
});

describe('SSRF in the production policy (no loopback, https only)', () => {
  beforeAll(() => installOutboundPolicy(createOutboundPolicy({ allowLoopback: false })));
  afterAll(() => installOutboundPolicy(createOutboundPolicy({ allowLoopback: true })));

  it('should not POST to an internal admin URL a DID document names as its CredentialService', async () => {
    const admin = await started();
    const query = httpFetchPresentation(async () => 'our-token');
    const error = await failure(query({ credentialServiceUrl: `${admin.url}/internal/admin/reset-all?confirm=yes#`, accessToken: 't', credentialTypes: ['MembershipCredential'], holderDid: 'did:web:evil.example' }));
    expect(error).toMatchObject({ code: 'OUTBOUND_REFUSED' });
    expect(admin.hits).toEqual([]);
  });

  it('should not connect to a host name that resolves to loopback (localhost over https)', async () => {
    const admin = await started();
    const error = await failure(dspRequest('POST', `https://localhost:${new URL(admin.url).port}/internal/admin`, 'Bearer x', {}));
    expect(error).toMatchObject({ code: 'OUTBOUND_REFUSED' });
    expect(admin.hits).toEqual([]);
  });
});

describe('SSRF in the development policy (loopback allowed, as tests and the demo run)', () => {
  it('should not fetch a data: URL as a credential service (a forged presentation answer)', async () => {
    const query = httpFetchPresentation(async () => 'our-token');
    const forged = `data:application/json,${encodeURIComponent('{"presentation":[{"type":"VerifiablePresentation"}]}')}`;
    expect(await failure(query({ credentialServiceUrl: forged, accessToken: 't', credentialTypes: ['MembershipCredential'], holderDid: 'did:web:evil.example' }))).toMatchObject({ code: 'OUTBOUND_REFUSED' });
  });

  it('should refuse a callbackAddress at a private or link-local address, before any call', async () => {
    for (const address of ['https://10.0.0.5/dsp', 'https://192.168.1.20/dsp', 'http://169.254.169.254/latest', 'https://[fd00::1]/dsp']) {
      expect(() => checkCallbackAddress(address)).toThrow(expect.objectContaining({ code: 'OUTBOUND_REFUSED' }));
      expect(await failure(dspRequest('POST', `${address}/negotiations/x/agreement`, 'Bearer x', {}))).toMatchObject({ code: 'OUTBOUND_REFUSED', retryable: false });
    }
  });

  it('should not follow a redirect to another host', async () => {
    const inner = await started();
    const outer = await started(() => ({ status: 302, headers: { location: `http://localhost:${new URL(inner.url).port}/internal` } }));
    expect(await failure(boundedFetch(`${outer.url}/hook`, { method: 'GET' }, { timeoutMs: 10_000, maxBytes: 1024 }))).toBeInstanceOf(Error);
    expect(outer.hits).toEqual(['GET /hook']);
    expect(inner.hits).toEqual([]);
  });

  it('should refuse credentials in a URL', async () => {
    const t = await started();
    const withCredentials = t.url.replace('http://', 'http://admin:secret@');
    expect(await failure(boundedFetch(withCredentials, {}, { timeoutMs: 10_000, maxBytes: 1024 }))).toMatchObject({ code: 'OUTBOUND_REFUSED' });
    expect(t.hits).toEqual([]);
  });
});
