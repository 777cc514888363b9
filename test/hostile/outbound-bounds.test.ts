import { afterEach, describe, expect, it } from 'vitest';
import { postToSite } from '../../connector/peer/post-to-site.js';
import { boundedJsonFetch } from '../../connector/http/bounded-fetch.js';
import { createOutboundPolicy } from '../../connector/http/outbound/index.js';
import { createDidWebResolver } from '../../connector/identity/did/did-web-resolver.js';
import { dspRequest } from '../../connector/peer/dsp-http-client.js';
import { createDspCatalogClient } from '../../connector/offers/dsp-catalog-client.js';
import { startHostileServer, type HostileServer, type Misbehaviour } from '../helpers/hostile-servers.js';

const LOOPBACK = createOutboundPolicy({ allowLoopback: true });

/** Issue 17 item 3: the outbound calls a peer can steer end, with a timeout that holds and a size cap. */
describe('outbound calls against slow, endless and huge servers', () => {
  const servers: HostileServer[] = [];
  const server = async (kind: Misbehaviour) => {
    const s = await startHostileServer(kind);
    servers.push(s);
    return s;
  };
  afterEach(async () => {
    for (const s of servers.splice(0)) await s.close();
  });
  const failure = (p: Promise<unknown>) =>
    p.then(
      () => undefined,
      (e: unknown) => e,
    );

  it('DSP messages (and presentation queries, EDR refresh): a silent or stalling peer is unavailable, an endless or huge answer rejected', async () => {
    expect(await failure(dspRequest(LOOPBACK, 'POST', (await server('silent')).url, 'Bearer x', {}, 100))).toMatchObject({
      code: 'PEER_UNAVAILABLE',
      retryable: true,
      detail: expect.stringMatching(/timed out/),
    });
    expect(await failure(dspRequest(LOOPBACK, 'GET', (await server('stalls')).url, 'Bearer x', undefined, 100))).toMatchObject({ code: 'PEER_UNAVAILABLE' });
    expect(await failure(dspRequest(LOOPBACK, 'GET', (await server('endless')).url, 'Bearer x', undefined, 60_000))).toMatchObject({
      code: 'PEER_REJECTED',
      detail: expect.stringMatching(/more than/),
    });
    expect(await failure(dspRequest(LOOPBACK, 'GET', (await server('huge')).url, 'Bearer x'))).toMatchObject({ code: 'PEER_REJECTED' });
  });

  it('training rounds: a silent site is a straggler, a huge answer is rejected', async () => {
    expect(await failure(postToSite(LOOPBACK, (await server('silent')).url, 'rounds', 'Bearer x', {}, {}, 100))).toMatchObject({ code: 'PEER_UNAVAILABLE' });
    expect(await failure(postToSite(LOOPBACK, (await server('huge')).url, 'rounds', 'Bearer x', {}))).toMatchObject({ code: 'PEER_REJECTED' });
  });

  it('catalogs: a silent peer is unavailable, an endless one rejected at the cap', async () => {
    const client = createDspCatalogClient({ timeoutMs: 100, maxBytes: 1024 * 1024 });
    expect(await failure(client.requestCatalog((await server('silent')).url, 'Bearer x'))).toMatchObject({ code: 'PEER_UNAVAILABLE' });
    const patient = createDspCatalogClient({ timeoutMs: 60_000, maxBytes: 1024 * 1024 });
    expect(await failure(patient.requestCatalog((await server('endless')).url, 'Bearer x'))).toMatchObject({ code: 'PEER_REJECTED' });
  });

  it('DID documents: a silent, stalling, endless or huge host makes the DID unavailable', async () => {
    for (const kind of ['silent', 'stalls', 'endless', 'huge'] as const) {
      const s = await server(kind);
      const slow = kind === 'silent' || kind === 'stalls';
      const resolver = createDidWebResolver({
        fetch: boundedJsonFetch({ timeoutMs: 60_000, maxBytes: 256 * 1024, target: LOOPBACK }),
        allowHttpLoopback: true,
        timeoutMs: slow ? 100 : 60_000,
      });
      const did = `did:web:${encodeURIComponent(new URL(s.url).host)}`;
      expect(await resolver.resolve(did), kind).toMatchObject({ ok: false, error: 'unavailable' });
    }
  });
});
