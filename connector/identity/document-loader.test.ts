import jsonld from 'jsonld';
import { describe, expect, it } from 'vitest';
import { FixedClock } from '../../core/index.js';
import { KONTOR_CONTEXT_V1_URL } from './contexts/kontor-v1.js';
import { projectContexts } from './contexts/project-contexts.js';
import { memoryFetch } from './dev/memory-fetch.js';
import { buildDidDocument } from './did/build-did-document.js';
import { createDidKeyResolver } from './did/did-key-resolver.js';
import { DidResolverRegistry } from './did/did-resolver-registry.js';
import { createDidWebResolver } from './did/did-web-resolver.js';
import { didWebIdentity } from './did/signing-identities.js';
import { createDocumentLoader, installJsonLdGuard, knownContexts } from './document-loader.js';
import { Ed25519Key } from './keys/ed25519-key.js';
import { KeyRing } from './keys/key-ring.js';
import { checkCredentialProof } from './vc/check-proof.js';
import { issueCredential } from './vc/issue-credential.js';

const loader = createDocumentLoader(new DidResolverRegistry([createDidKeyResolver()], { clock: new FixedClock() }));

describe('offline document loader', () => {
  it('should know the package contexts and the project context', () => {
    const urls = [...knownContexts().keys()];
    for (const url of [
      'https://www.w3.org/ns/credentials/v2',
      'https://w3id.org/security/data-integrity/v2',
      'https://w3id.org/security/multikey/v1',
      'https://www.w3.org/ns/odrl.jsonld',
      'https://www.w3.org/ns/did/v1',
      KONTOR_CONTEXT_V1_URL,
    ]) {
      expect(urls).toContain(url);
    }
  });

  it('should serve contexts as copies, leaving the published documents untouched', async () => {
    const loaded = await loader(KONTOR_CONTEXT_V1_URL);
    expect(loaded).toMatchObject({ documentUrl: KONTOR_CONTEXT_V1_URL, tag: 'static' });
    expect(loaded.document).toEqual(projectContexts[KONTOR_CONTEXT_V1_URL]);
    expect(loaded.document).not.toBe(projectContexts[KONTOR_CONTEXT_V1_URL]);
    expect(Object.isFrozen(projectContexts[KONTOR_CONTEXT_V1_URL])).toBe(true);
  });

  it('should resolve DIDs and DID URLs through the resolver', async () => {
    const key = Ed25519Key.generate('k', '2026-01-01T00:00:00Z');
    const did = `did:key:${key.publicKeyMultibase}`;
    expect((await loader(did)).document).toMatchObject({ id: did });
    expect((await loader(`${did}#${key.publicKeyMultibase}`)).document).toMatchObject({ type: 'Multikey', controller: did, publicKeyMultibase: key.publicKeyMultibase });
    await expect(loader(`${did}#nothing`)).rejects.toThrow(/names nothing/);
    await expect(loader('did:key:zBad')).rejects.toThrow(/cannot resolve/);
  });

  it('should refuse every other URL without fetching', async () => {
    await expect(loader('https://example.com/context.jsonld')).rejects.toThrow(/refusing to load/);
    await expect(loader('http://127.0.0.1:1/x')).rejects.toThrow(/refusing to load/);
  });

  it('should make jsonld refuse remote contexts when no loader is passed', async () => {
    installJsonLdGuard();
    const error = await jsonld.expand({ '@context': 'https://example.com/unknown-context', x: 1 }).catch((e: unknown) => e);
    expect((error as { details?: { cause?: Error } }).details?.cause?.message).toMatch(/refusing to load/);
  });
});

describe('offline document loader after a key rotation', () => {
  const DID = 'did:web:127.0.0.1%3A8282';
  const URL_OF_DID = 'http://127.0.0.1:8282/.well-known/did.json';

  /** A did:web issuer served from memory, and a peer's loader whose resolver caches its document for 5 minutes. */
  function setup() {
    const clock = new FixedClock();
    const keys = KeyRing.generate(clock);
    const documents = new Map<string, unknown>([[URL_OF_DID, buildDidDocument({ did: DID, keys: keys.all() })]]);
    const fetch = memoryFetch(documents);
    const resolver = new DidResolverRegistry([createDidWebResolver({ fetch, allowHttpLoopback: true })], { clock, cacheTtlMs: 300_000 });
    const publish = () => documents.set(URL_OF_DID, buildDidDocument({ did: DID, keys: keys.all() }));
    return { clock, keys, fetch, publish, loader: createDocumentLoader(resolver) };
  }

  it('should resolve the DID once more for a key id its cached document lacks, at most once per DID in 30 s', async () => {
    const { clock, keys, fetch, publish, loader } = setup();
    expect((await loader(`${DID}#key-1`)).document).toMatchObject({ id: `${DID}#key-1` }); // cached now
    await keys.rotate();
    publish();
    expect((await loader(`${DID}#key-2`)).document).toMatchObject({ id: `${DID}#key-2`, controller: DID });
    expect(fetch.requested).toHaveLength(2);
    expect((await loader(`${DID}#key-2`)).document).toMatchObject({ id: `${DID}#key-2` });
    expect(fetch.requested).toHaveLength(2); // the refreshed document is cached
    await expect(loader(`${DID}#key-9`)).rejects.toThrow(/#key-9 names nothing in its DID document/);
    expect(fetch.requested).toHaveLength(2); // refreshed moments ago: a stranger's key id forces no fetch
    clock.advance(30_000);
    await expect(loader(`${DID}#key-9`)).rejects.toThrow(/names nothing/);
    expect(fetch.requested).toHaveLength(3);
  });

  it('should verify a credential signed with a rotated-in key though the peer cached the issuer’s older document', async () => {
    const { clock, keys, publish, loader } = setup();
    const credential = { '@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiableCredential'], issuer: DID, credentialSubject: { id: 'did:example:alice' } };
    const before = await issueCredential(credential, { issuer: didWebIdentity(DID, keys), documentLoader: loader, clock });
    expect(await checkCredentialProof(before, loader, clock.now())).toEqual([]); // the peer caches the document with key-1 only
    await keys.rotate();
    publish();
    const after = await issueCredential(credential, { issuer: didWebIdentity(DID, keys), documentLoader: loader, clock });
    expect((after.proof as { verificationMethod: string }).verificationMethod).toBe(`${DID}#key-2`);
    expect(await checkCredentialProof(after, loader, clock.now())).toEqual([]);
    expect(await checkCredentialProof(before, loader, clock.now())).toEqual([]);
  });

  it('should fail at once through a resolver without refresh', async () => {
    const key = Ed25519Key.generate('k', '2026-01-01T00:00:00Z');
    const did = `did:key:${key.publicKeyMultibase}`;
    let resolved = 0;
    const plain = createDocumentLoader({
      resolve: async () => {
        resolved += 1;
        return { ok: true, didDocument: { id: did } };
      },
    });
    await expect(plain(`${did}#nothing`)).rejects.toThrow(/names nothing/);
    expect(resolved).toBe(1);
  });
});
