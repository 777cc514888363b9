import jsonld from 'jsonld';
import { describe, expect, it } from 'vitest';
import { FixedClock } from '../../core/index.js';
import { KONTOR_CONTEXT_V1_URL } from './contexts/kontor-v1.js';
import { projectContexts } from './contexts/project-contexts.js';
import { createDidKeyResolver } from './did/did-key-resolver.js';
import { DidResolverRegistry } from './did/did-resolver-registry.js';
import { createDocumentLoader, installJsonLdGuard, knownContexts } from './document-loader.js';
import { Ed25519Key } from './keys/ed25519-key.js';

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
