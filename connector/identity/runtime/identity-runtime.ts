import type { Clock, IdGenerator } from '../../../core/index.js';
import { boundedFetch } from '../../http/bounded-fetch.js';
import { withDeadline } from '../../http/deadline.js';
import type { OutboundPolicy } from '../../http/outbound/index.js';
import { createDocumentLoader, installJsonLdGuard, type DocumentLoader } from '../document-loader.js';
import { buildDidDocument } from '../did/build-did-document.js';
import type { DidDocument } from '../did/did-document.js';
import { createDidKeyResolver } from '../did/did-key-resolver.js';
import { DidResolverRegistry } from '../did/did-resolver-registry.js';
import { createDidWebResolver, type FetchLike } from '../did/did-web-resolver.js';
import { plainHttpAllowed } from '../did/did-web-url.js';
import { didWebIdentity } from '../did/signing-identities.js';
import { openKeyFile, type KeyFileOpening } from '../keys/key-file.js';
import type { KeyRing } from '../keys/key-ring.js';
import { MemoryReplayCache, type ReplayCache } from '../token/replay-cache.js';
import { createSelfIssuedToken } from '../token/self-issued-token.js';
import { checkCredentialProof, checkValidityPeriod } from '../vc/check-proof.js';
import { CredentialVerifier } from '../vc/credential-verifier.js';
import { StatusChecker } from '../vc/status/status-checker.js';
import { dataIntegrityFormat } from '../vc/formats/data-integrity-format.js';
import { jwtFormat } from '../vc/formats/jwt-format.js';
import type { PresentationFormat } from '../vc/formats/presentation-format.js';
import { JwtCredentialVerifier } from '../vc/jwt/jwt-credential.js';
import type { SigningIdentity } from '../vc/suites.js';
import type { TrustedIssuer } from '../vc/trusted-issuers.js';

/** DID documents and status lists: small documents, fetched with a deadline that holds and a size cap. */
export const IDENTITY_FETCH_BOUNDS = { timeoutMs: 10_000, maxBytes: 1024 * 1024 };

export interface IdentityRuntimeOptions {
  did: string;
  keyFile: string;
  /** How a missing key file is taken (key-file.ts): created (the default), or refused with ENOENT (`existing-only`). */
  keyFileOpening?: KeyFileOpening;
  trustedIssuers: readonly TrustedIssuer[];
  allowHttpLoopback: boolean;
  /** Further host names reached over plain HTTP (did.httpHosts). */
  httpHosts?: readonly string[];
  didCacheTtlMs: number;
  didCacheSize: number;
  /** did:web: how long a failure is remembered, and the most documents fetched per minute (did.negativeCacheTtlMs, did.fetchesPerMinute). */
  didNegativeCacheTtlMs?: number;
  didFetchesPerMinute?: number;
  statusRefreshMs: number;
  tokenTtlSeconds: number;
  clock: Clock;
  ids: IdGenerator;
  /** Every call a peer steers (DID documents, status lists, credential services) passes this policy. */
  outbound: OutboundPolicy;
  fetch?: FetchLike;
  /** Where spent token ids are kept; in this process's memory when omitted (one process, e.g. on SQLite). */
  replayCache?: ReplayCache;
}

/** Keys, DID resolution, offline JSON-LD, credential verification and tokens: what connector and authority share. */
export interface IdentityRuntime {
  did: string;
  keys: KeyRing;
  /** Signs with the current key (rotation picks the new one up). */
  signer(): SigningIdentity;
  resolver: DidResolverRegistry;
  documentLoader: DocumentLoader;
  credentialVerifier: CredentialVerifier;
  statusChecker: StatusChecker;
  /** JOSE-secured credentials (signatures cached by hash). */
  jwtCredentials: JwtCredentialVerifier;
  /** The presentation formats protocol callers may present: Data Integrity and JWT (the credential-format seam). */
  presentationFormats: readonly PresentationFormat[];
  replayCache: ReplayCache;
  /** The outbound policy of the connector (or authority) this runtime serves. */
  outbound: OutboundPolicy;
  /** A DCP self-issued token for `audience`, optionally carrying an access token. */
  selfIssuedToken(audience: string, accessToken?: string): Promise<string>;
  didDocument(services: { protocolEndpoint?: string; credentialService?: string }): DidDocument;
}

export async function createIdentityRuntime(o: IdentityRuntimeOptions): Promise<IdentityRuntime> {
  installJsonLdGuard();
  const keys = await openKeyFile(o.keyFile, o.clock, o.keyFileOpening);
  const fetchLike: FetchLike =
    o.fetch ??
    (async (url, init) => {
      const res = await boundedFetch(url, init, { ...IDENTITY_FETCH_BOUNDS, target: o.outbound });
      return { ok: res.ok, status: res.status, json: async () => JSON.parse(res.text) as unknown, text: async () => res.text };
    });
  const resolver = new DidResolverRegistry(
    [createDidKeyResolver(), createDidWebResolver({ fetch: fetchLike, allowHttpLoopback: o.allowHttpLoopback, httpHosts: o.httpHosts ?? [] })],
    {
      clock: o.clock,
      cacheTtlMs: o.didCacheTtlMs,
      cacheSize: o.didCacheSize,
      negativeCacheTtlMs: o.didNegativeCacheTtlMs,
      fetchesPerMinute: o.didFetchesPerMinute,
    },
  );
  const documentLoader = createDocumentLoader(resolver);
  const jwtCredentials = new JwtCredentialVerifier({ resolver, clock: o.clock, cacheMs: o.statusRefreshMs });
  const statusChecker = new StatusChecker({
    decodeJwt: (jwt) => jwtCredentials.decode(jwt),
    provider: { fetchStatusList: async (url) => await fetchJson(fetchLike, url, o.allowHttpLoopback, o.httpHosts ?? []) },
    checkProof: (c) => checkCredentialProof(c, documentLoader, o.clock.now()),
    checkPeriod: (c) => checkValidityPeriod(c, o.clock.now(), 60_000),
    clock: o.clock,
    refreshMs: o.statusRefreshMs,
  });
  const credentialVerifier = new CredentialVerifier({ documentLoader, clock: o.clock, trustedIssuers: o.trustedIssuers, status: statusChecker });
  const presentationFormats = [dataIntegrityFormat(credentialVerifier), jwtFormat({ resolver, credentials: credentialVerifier, jwtCredentials, clock: o.clock })];
  const signer = () => didWebIdentity(o.did, keys);
  return {
    did: o.did,
    keys,
    signer,
    resolver,
    documentLoader,
    credentialVerifier,
    statusChecker,
    jwtCredentials,
    presentationFormats,
    outbound: o.outbound,
    replayCache: o.replayCache ?? new MemoryReplayCache(o.clock, { maxPerIssuer: 10_000, maxEntries: 200_000 }),
    selfIssuedToken: (audience, accessToken) => createSelfIssuedToken({ issuer: signer(), audience, accessToken, ttlSeconds: o.tokenTtlSeconds, clock: o.clock, ids: o.ids }),
    didDocument: (services) => buildDidDocument({ did: o.did, keys: keys.all(), ...services }),
  };
}

/** GET a status list: JSON, or a compact JWT served as text (`application/vc+jwt`, `application/jwt`); plain HTTP only for loopback hosts when allowed, and for did.httpHosts. */
async function fetchJson(fetchLike: FetchLike, url: string, allowHttpLoopback: boolean, httpHosts: readonly string[]): Promise<unknown> {
  const u = new URL(url);
  if (u.protocol !== 'https:' && !(u.protocol === 'http:' && plainHttpAllowed(u.hostname, allowHttpLoopback, httpHosts)))
    throw new Error(`refusing to fetch ${url} over ${u.protocol}`);
  return withDeadline(
    IDENTITY_FETCH_BOUNDS.timeoutMs,
    async (signal) => {
      const res = await fetchLike(url, { method: 'GET', headers: { accept: 'application/json, application/vc+jwt, application/jwt' }, redirect: 'error', signal });
      if (!res.ok) throw new Error(`${url} answered ${res.status}`);
      if (!res.text) return res.json();
      const text = (await res.text()).trim();
      return /^[\w-]+\.[\w-]+\.[\w-]*$/.test(text) ? text : (JSON.parse(text) as unknown);
    },
    url,
  );
}
