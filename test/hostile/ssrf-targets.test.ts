import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { boundedFetch } from '../../connector/http/bounded-fetch.js';
import { createOutboundPolicy } from '../../connector/http/outbound/index.js';
import { httpFetchPresentation } from '../../connector/identity/runtime/fetch-presentation.js';
import { dspRequest } from '../../connector/peer/dsp-http-client.js';
import { checkCallbackAddress } from '../../connector/transfer/transfer-message-checks.js';

/** Issue 17 item 2: the connector calls no URL a peer names unless the outbound policy allows it. */
interface Target {
  url: string;
  hits: string[];
  close(): Promise<void>;
}

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

const failure = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => e,
  );
const targets: Target[] = [];
const started = async (...a: Parameters<typeof target>) => {
  const t = await target(...a);
  targets.push(t);
  return t;
};
afterEach(async () => {
  for (const t of targets.splice(0)) await t.close();
});

/** Two connectors' policies, side by side in one process: each call is held to the policy of the connector making it. */
const production = createOutboundPolicy({ allowLoopback: false });
const development = createOutboundPolicy({ allowLoopback: true });

describe('SSRF in the production policy (no loopback, https only)', () => {
  it('should not POST to an internal admin URL a DID document names as its CredentialService', async () => {
    const admin = await started();
    const query = httpFetchPresentation(production, async () => 'our-token');
    const ask = (credentialServiceUrl: string) =>
      failure(query({ credentialServiceUrl, accessToken: 't', credentialTypes: ['MembershipCredential'], holderDid: 'did:web:evil.example' }));
    // The outbound policy refuses the loopback target itself.
    expect(await ask(`${admin.url}/internal/admin/reset-all`)).toMatchObject({ code: 'OUTBOUND_REFUSED' });
    // With a query or a fragment the base URL is refused even before (message paths are appended to it).
    expect(await ask(`${admin.url}/internal/admin/reset-all?confirm=yes#`)).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(admin.hits).toEqual([]);
  });

  it('should not connect to a host name that resolves to loopback (localhost over https)', async () => {
    const admin = await started();
    const error = await failure(dspRequest(production, 'POST', `https://localhost:${new URL(admin.url).port}/internal/admin`, 'Bearer x', {}));
    expect(error).toMatchObject({ code: 'OUTBOUND_REFUSED' });
    expect(admin.hits).toEqual([]);
  });
});

describe('SSRF in the development policy (loopback allowed, as tests and the demo run)', () => {
  it('should not fetch a data: URL as a credential service (a forged presentation answer)', async () => {
    const query = httpFetchPresentation(development, async () => 'our-token');
    const forged = `data:application/json,${encodeURIComponent('{"presentation":[{"type":"VerifiablePresentation"}]}')}`;
    expect(await failure(query({ credentialServiceUrl: forged, accessToken: 't', credentialTypes: ['MembershipCredential'], holderDid: 'did:web:evil.example' }))).toMatchObject({
      code: 'OUTBOUND_REFUSED',
    });
  });

  it('should refuse a callbackAddress at a private or link-local address, before any call', async () => {
    for (const address of ['https://10.0.0.5/dsp', 'https://192.168.1.20/dsp', 'http://169.254.169.254/latest', 'https://[fd00::1]/dsp']) {
      expect(() => checkCallbackAddress(address, development)).toThrow(expect.objectContaining({ code: 'OUTBOUND_REFUSED' }));
      expect(await failure(dspRequest(development, 'POST', `${address}/negotiations/x/agreement`, 'Bearer x', {}))).toMatchObject({ code: 'OUTBOUND_REFUSED', retryable: false });
    }
  });

  it('should not follow a redirect to another host', async () => {
    const inner = await started();
    const outer = await started(() => ({ status: 302, headers: { location: `http://localhost:${new URL(inner.url).port}/internal` } }));
    expect(await failure(boundedFetch(`${outer.url}/hook`, { method: 'GET' }, { timeoutMs: 10_000, maxBytes: 1024, target: development }))).toBeInstanceOf(Error);
    expect(outer.hits).toEqual(['GET /hook']);
    expect(inner.hits).toEqual([]);
  });

  it('should refuse credentials in a URL', async () => {
    const t = await started();
    const withCredentials = t.url.replace('http://', 'http://admin:secret@');
    expect(await failure(boundedFetch(withCredentials, {}, { timeoutMs: 10_000, maxBytes: 1024, target: development }))).toMatchObject({ code: 'OUTBOUND_REFUSED' });
    expect(t.hits).toEqual([]);
  });
});

describe('outbound policies are per connector, not per process', () => {
  it('should hold each call to the policy it was made under, whichever was made last', async () => {
    const t = await started();
    const loopbackHttps = `https://localhost:${new URL(t.url).port}/x`;
    const plain = `${t.url}/y`;
    // The development policy reaches the loopback peer over plain http; the production one, made after it, refuses it.
    expect((await boundedFetch(plain, {}, { timeoutMs: 10_000, maxBytes: 1024, target: development })).status).toBe(200);
    expect(await failure(boundedFetch(plain, {}, { timeoutMs: 10_000, maxBytes: 1024, target: createOutboundPolicy({ allowLoopback: false }) }))).toMatchObject({
      code: 'OUTBOUND_REFUSED',
    });
    expect(await failure(dspRequest(production, 'POST', loopbackHttps, 'Bearer x', {}))).toMatchObject({ code: 'OUTBOUND_REFUSED' });
    expect((await boundedFetch(plain, {}, { timeoutMs: 10_000, maxBytes: 1024, target: development })).status).toBe(200);
    expect(t.hits).toEqual(['GET /y', 'GET /y']);
  });
});
