import { describe, expect, it } from 'vitest';
import { ConnectorError, FixedClock } from '../../../core/index.js';
import { memoryFetch } from '../dev/memory-fetch.js';
import { Ed25519Key } from '../keys/ed25519-key.js';
import { KeyRing } from '../keys/key-ring.js';
import { buildDidDocument, serviceEndpoint } from './build-did-document.js';
import { createDidKeyResolver } from './did-key-resolver.js';
import { DidResolverRegistry } from './did-resolver-registry.js';
import { createDidWebResolver } from './did-web-resolver.js';

const DID = 'did:web:127.0.0.1%3A8282';

function setup(allowHttpLoopback: boolean, cacheSize = 10) {
  const clock = new FixedClock();
  const keys = KeyRing.generate(clock);
  const documents = new Map<string, unknown>();
  const doc = buildDidDocument({ did: DID, keys: keys.all(), protocolEndpoint: 'http://127.0.0.1:8282/dsp', credentialService: 'http://127.0.0.1:8282/api/credentials' });
  documents.set('http://127.0.0.1:8282/.well-known/did.json', doc);
  documents.set('https://example.com/.well-known/did.json', { ...doc, id: 'did:web:example.com' });
  documents.set('https://evil.com/.well-known/did.json', doc);
  const fetch = memoryFetch(documents);
  const registry = new DidResolverRegistry([createDidKeyResolver(), createDidWebResolver({ fetch, allowHttpLoopback })], { clock, cacheTtlMs: 60_000, cacheSize });
  return { clock, registry, fetch, doc };
}

describe('DID resolver registry', () => {
  it('should resolve a loopback did:web over http only when allowed', async () => {
    const allowed = setup(true);
    expect(await allowed.registry.resolve(DID)).toEqual({ ok: true, didDocument: allowed.doc });
    const strict = setup(false);
    expect(await strict.registry.resolve(DID)).toMatchObject({ ok: false, error: 'notFound' });
    expect(strict.fetch.requested).toEqual(['https://127.0.0.1:8282/.well-known/did.json']);
  });

  it('should use https for other hosts and reject a document naming another DID', async () => {
    const { registry, fetch } = setup(true);
    expect(await registry.resolve('did:web:example.com')).toMatchObject({ ok: true });
    expect(await registry.resolve('did:web:evil.com')).toMatchObject({ ok: false, error: 'invalidDidDocument' });
    expect(fetch.requested).toEqual(['https://example.com/.well-known/did.json', 'https://evil.com/.well-known/did.json']);
  });

  it('should return failures as values and throw only from getDidDocument', async () => {
    const { registry } = setup(true);
    expect(await registry.resolve('did:example:123')).toMatchObject({ ok: false, error: 'methodNotSupported' });
    expect(await registry.resolve('not a did')).toMatchObject({ ok: false, error: 'invalidDid' });
    expect(await registry.resolve('did:key:zNotAKey')).toMatchObject({ ok: false, error: 'invalidDid' });
    await expect(registry.getDidDocument('did:web:nowhere.example')).rejects.toBeInstanceOf(ConnectorError);
    await expect(registry.getDidDocument('did:web:nowhere.example')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('should resolve did:key offline with the key as Multikey', async () => {
    const { registry, fetch } = setup(true);
    const key = Ed25519Key.generate('k', '2026-01-01T00:00:00Z');
    const did = `did:key:${key.publicKeyMultibase}`;
    const result = await registry.resolve(did);
    expect(result).toMatchObject({ ok: true, didDocument: { id: did, verificationMethod: [{ type: 'Multikey', publicKeyMultibase: key.publicKeyMultibase }] } });
    expect(fetch.requested).toEqual([]);
  });

  it('should cache with a TTL from the injected clock and a size bound', async () => {
    const { registry, fetch, clock } = setup(true, 1);
    await registry.resolve(DID);
    await registry.resolve(DID);
    expect(fetch.requested).toHaveLength(1);
    clock.advance(60_001);
    await registry.resolve(DID);
    expect(fetch.requested).toHaveLength(2);
    await registry.resolve('did:web:example.com');
    await registry.resolve(DID);
    expect(fetch.requested).toHaveLength(4);
  });

  it('should publish every key under the relationships and both services', () => {
    const { doc } = setup(true);
    expect(doc.authentication).toEqual([`${DID}#key-1`]);
    expect(doc.assertionMethod).toEqual([`${DID}#key-1`]);
    expect(doc.capabilityInvocation).toEqual([`${DID}#key-1`]);
    expect(serviceEndpoint(doc, 'CredentialService')).toBe('http://127.0.0.1:8282/api/credentials');
    expect(serviceEndpoint(doc, 'DataService')).toBe('http://127.0.0.1:8282/dsp');
  });
});
