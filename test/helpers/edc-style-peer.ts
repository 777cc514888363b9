import { createPublicKey, randomUUID, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import * as base58 from 'base58-universal';
import { compactVerify, decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import type { EdcStyleParty } from './edc-style-party.js';

const DSP_CONTEXT = 'https://w3id.org/dspace/2025/1/context.jsonld';
const DCP_CONTEXT = 'https://w3id.org/dspace-dcp/v1.0/dcp.jsonld';
const TX_SCOPE = 'org.eclipse.tractusx.vc.type';

export interface EdcStylePeer {
  url: string;
  /** The credentials (compact JWTs) its credential service presents. */
  held: string[];
  /** Why each refused DSP caller was refused, newest last. */
  refusals: string[];
  /** What Kontor sent to its credential service (query bodies) and answered to its queries (response bodies). */
  seen: { queries: unknown[]; responses: unknown[] };
  /** An access token to our credential service for `did` (what EDC's STS puts in the `token` claim). */
  accessTokenFor(did: string): string;
  stop(): Promise<void>;
}

/**
 * An EDC-style participant on loopback HTTP (for tests): serves its did:web document and StatusList2021 JWT, a DCP
 * credential service answering with a `vc11-sl2021/jwt` presentation, and a DSP catalog endpoint that authenticates
 * callers the DCP way with its own, independent checks written on jose (not Kontor's verifier): the caller's token
 * (EdDSA or ES256, key from its DID document), then a presentation query to the caller's credential service with the
 * Tractus-X scope alias, then the presented JWTs (holder, audience, issuer in `trustedIssuers`, subject, expiry).
 * With `options.dsp`, every other DSP message is authenticated the same way and then handed to it (negotiation and
 * transfer callbacks, or its provider side).
 */
/** What the peer does with an authenticated DSP message other than a catalog request: its answer (status and body). */
export type DspHandler = (path: string, body: Record<string, unknown>, callerDid: string) => Promise<{ status: number; body: unknown; afterSent?: () => void }>;

/** Options: `dsp` handles the other DSP messages (`afterSent` runs once its answer is sent); `catalog` is merged into the catalog it answers; `data` serves GET paths (with `token`, only to a caller sending it, raw or `Bearer`). */
export interface EdcStylePeerOptions {
  dsp?: DspHandler;
  catalog?: Record<string, unknown>;
  data?: Record<string, { body: string; token?: () => string | undefined }>;
}

export async function startEdcStylePeer(party: EdcStyleParty, port: number, trustedIssuers: readonly string[], options: EdcStylePeerOptions = {}): Promise<EdcStylePeer> {
  const url = `http://127.0.0.1:${port}`;
  const held: string[] = [];
  const refusals: string[] = [];
  const seen = { queries: [] as unknown[], responses: [] as unknown[] };
  const issuedAccessTokens = new Map<string, Set<string>>();
  const server: Server = createServer((req, res) => {
    void (async () => {
      const send = (status: number, body: unknown, type = 'application/json') => {
        res.writeHead(status, { 'content-type': type });
        res.end(typeof body === 'string' ? body : JSON.stringify(body));
      };
      try {
        if (req.method === 'GET' && req.url === '/.well-known/did.json') return send(200, party.didDocument({ credentialService: `${url}/api/credentials`, dsp: `${url}/dsp` }));
        if (req.method === 'GET' && req.url === '/status/sl2021-1') return send(200, await party.statusListJwt(), 'application/vc+jwt');
        if (req.method === 'POST' && req.url === '/api/credentials/presentations/query') {
          const caller = await verifyCallerToken(bearerOf(req), party.did, party.clock.now());
          if (typeof caller.token !== 'string' || !issuedAccessTokens.get(caller.iss)?.has(caller.token)) return send(401, { error: 'unauthorized' });
          seen.queries.push(await readJson(req));
          return send(200, { '@context': [DCP_CONTEXT], type: 'PresentationResponseMessage', presentation: [await party.presentation(held, caller.iss)] });
        }
        if (req.method === 'POST' && req.url === '/dsp/catalog/request') {
          await readJson(req);
          const problem = await authenticate(bearerOf(req));
          if (problem) {
            refusals.push(problem);
            return send(401, { '@context': [DSP_CONTEXT], '@type': 'CatalogError', code: '401', reason: ['unauthorized'] });
          }
          return send(200, { '@context': [DSP_CONTEXT], '@id': `urn:uuid:${randomUUID()}`, '@type': 'Catalog', participantId: party.did, ...options.catalog });
        }
        if (req.method === 'POST' && req.url?.startsWith('/dsp/') && options.dsp) {
          const body = (await readJson(req)) as Record<string, unknown>;
          const caller = await verifyCallerToken(bearerOf(req), party.did, party.clock.now());
          const problem = await authenticate(bearerOf(req));
          if (problem) {
            refusals.push(problem);
            return send(401, { '@context': [DSP_CONTEXT], '@type': 'ContractNegotiationError', code: '401', reason: ['unauthorized'] });
          }
          const answer = await options.dsp(decodeURIComponent(req.url.slice('/dsp'.length)), body, caller.iss);
          if (answer.afterSent) res.on('finish', answer.afterSent);
          return send(answer.status, answer.body);
        }
        const served = req.method === 'GET' ? options.data?.[req.url ?? ''] : undefined;
        if (served) {
          const token = served.token?.();
          const given = (req.headers.authorization ?? '').replace(/^Bearer /, '');
          if (served.token && (!token || given !== token)) return send(403, { error: 'forbidden' });
          return send(200, served.body, 'text/plain');
        }
        send(404, { error: 'not found' });
      } catch (error) {
        refusals.push(String((error as Error).message));
        send(401, { error: 'unauthorized' });
      }
    })();
  });

  /** The DCP verifier side: token, presentation query, presentation and credential checks. */
  async function authenticate(token: string): Promise<string | undefined> {
    const caller = await verifyCallerToken(token, party.did, party.clock.now());
    if (typeof caller.token !== 'string') return 'no access token';
    const callerDoc = (await fetchJson(didUrl(caller.iss))) as { service?: { type: string; serviceEndpoint: string }[] };
    const cs = callerDoc.service?.find((s) => s.type === 'CredentialService')?.serviceEndpoint;
    if (!cs) return 'no credential service';
    const query = await fetch(`${cs}/presentations/query`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await party.selfIssuedToken(caller.iss, caller.token)}`, 'content-type': 'application/json' },
      body: JSON.stringify({ '@context': [DCP_CONTEXT], type: 'PresentationQueryMessage', scope: [`${TX_SCOPE}:MembershipCredential:read`] }),
    });
    if (!query.ok) return `presentation query answered ${query.status}`;
    const response = await query.json();
    seen.responses.push(response);
    const { presentation } = response as { presentation?: unknown[] };
    const jwts = (presentation ?? []).filter((p): p is string => typeof p === 'string');
    if (jwts.length === 0) return 'no JWT presentation';
    const types = new Set<string>();
    for (const vpJwt of jwts) {
      const vp = await verifyDidJwt(vpJwt, { audience: party.did, nowMs: party.clock.now() });
      if (vp.iss !== caller.iss) return 'presentation not by the caller';
      const vcs = ((vp.vp as { verifiableCredential?: unknown[] } | undefined)?.verifiableCredential ?? []).map(String);
      for (const vcJwt of vcs) {
        const vc = await verifyDidJwt(vcJwt, { nowMs: party.clock.now() });
        if (!trustedIssuers.includes(String(vc.iss))) return `untrusted issuer ${String(vc.iss)}`;
        if (vc.sub !== caller.iss) return 'credential subject is not the caller';
        for (const t of (vc.vc as { type?: string[] }).type ?? []) types.add(t);
      }
    }
    return types.has('MembershipCredential') ? undefined : 'no MembershipCredential';
  }

  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url,
    held,
    refusals,
    seen,
    accessTokenFor: (did) => {
      const token = `edc-at-${randomUUID()}`;
      issuedAccessTokens.set(did, (issuedAccessTokens.get(did) ?? new Set()).add(token));
      return token;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const bearerOf = (req: IncomingMessage) => /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
}

const didUrl = (did: string) => `http://${decodeURIComponent(did.replace(/^did:web:/, '').split(':')[0] ?? '')}/.well-known/did.json`;

async function fetchJson(url: string): Promise<unknown> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url} answered ${res.status}`);
  return res.json();
}

/** The public key a DID document names by `kid`: a JWK (EC P-256 / OKP Ed25519) or an Ed25519 Multikey. */
async function keyOf(kid: string): Promise<KeyObject> {
  const did = kid.split('#')[0] ?? '';
  const doc = (await fetchJson(didUrl(did))) as { verificationMethod?: { id: string; publicKeyJwk?: Record<string, unknown>; publicKeyMultibase?: string }[] };
  const vm = doc.verificationMethod?.find((m) => m.id === kid || `${did}${m.id}` === kid);
  if (!vm) throw new Error(`no key ${kid}`);
  if (vm.publicKeyJwk) return createPublicKey({ key: vm.publicKeyJwk as import('node:crypto').JsonWebKey, format: 'jwk' });
  const bytes = base58.decode(String(vm.publicKeyMultibase).slice(1)) ?? new Uint8Array();
  if (bytes[0] !== 0xed || bytes[1] !== 0x01) throw new Error('not an Ed25519 Multikey');
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(bytes.slice(2)).toString('base64url') }, format: 'jwk' });
}

async function verifyDidJwt(jwt: string, expect: { audience?: string; nowMs: number }) {
  const header = decodeProtectedHeader(jwt);
  const iss = String(decodeJwt(jwt).iss);
  if (typeof header.kid !== 'string' || !header.kid.startsWith(`${iss}#`)) throw new Error('kid is not a key of iss');
  if (header.alg !== 'ES256' && header.alg !== 'EdDSA') throw new Error(`algorithm ${String(header.alg)}`);
  const key = await keyOf(header.kid);
  if (expect.audience) return (await jwtVerify(jwt, key, { audience: expect.audience, algorithms: [header.alg], currentDate: new Date(expect.nowMs) })).payload;
  await compactVerify(jwt, key, { algorithms: [header.alg] });
  const payload = decodeJwt(jwt);
  if (typeof payload.exp === 'number' && payload.exp * 1000 < expect.nowMs) throw new Error('credential expired');
  return payload;
}

async function verifyCallerToken(token: string, audience: string, nowMs: number) {
  const payload = await verifyDidJwt(token, { audience, nowMs });
  if (payload.iss !== payload.sub) throw new Error('iss is not sub');
  return payload as { iss: string; token?: string };
}
