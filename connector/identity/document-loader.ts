import { contexts as credentialsContexts } from '@digitalbazaar/credentials-context';
import { contexts as dataIntegrityContexts } from '@digitalbazaar/data-integrity-context';
import { contexts as multikeyContexts } from '@digitalbazaar/multikey-context';
import { contexts as odrlContexts } from '@digitalbazaar/odrl-context';
import { contexts as securityContexts } from '@digitalbazaar/security-context';
import { contexts as didContexts } from 'did-context';
import jsonld from 'jsonld';
import { communityContexts } from './contexts/community-contexts.js';
import { projectContexts } from './contexts/project-contexts.js';
import type { DidResolver } from './did/did-resolver.js';
import { selectDidUrl } from './did/select-did-url.js';

export interface LoadedDocument {
  contextUrl: null;
  documentUrl: string;
  document: unknown;
  tag?: 'static';
}

/** A JSON-LD document loader that never touches the network. */
export type DocumentLoader = (url: string) => Promise<LoadedDocument>;

/** Every context document the loader knows: the npm context packages, the community ones Kontor ships, and the project's own. */
export function knownContexts(): ReadonlyMap<string, object> {
  const merged = new Map<string, object>();
  for (const map of [credentialsContexts, dataIntegrityContexts, multikeyContexts, odrlContexts, securityContexts, didContexts]) {
    for (const [url, doc] of map) merged.set(url, doc);
  }
  for (const [url, doc] of Object.entries(communityContexts)) merged.set(url, doc);
  for (const [url, doc] of Object.entries(projectContexts)) merged.set(url, doc);
  return merged;
}

/**
 * The offline loader (VC Data Model 2.0, JSON-LD contexts: implementations should not load them over the network): static contexts are answered from memory (tagged 'static' so
 * jsonld caches the resolved context), `did:` URLs go through the given resolver (a `#fragment`
 * yields the verification method; one the cached document lacks makes the resolver `refresh` the DID once, as a
 * rotated-in key would), everything else is refused with an error, never fetched.
 */
export function createDocumentLoader(resolver: DidResolver): DocumentLoader {
  const statics = knownContexts();
  return async (url: string): Promise<LoadedDocument> => {
    const context = statics.get(url);
    // jsonld rewrites nested context URLs in place, so it gets a copy (the resolved result is
    // cached process-wide because of the 'static' tag, so this runs about once per URL).
    if (context) return { contextUrl: null, documentUrl: url, document: structuredClone(context), tag: 'static' };
    if (url.startsWith('did:')) {
      const did = url.split('#')[0] ?? url;
      let resolution = await resolver.resolve(did);
      if (!resolution.ok) throw new Error(`cannot resolve ${url}: ${resolution.error}`);
      let document = selectDidUrl(resolution.didDocument, url);
      if (!document && url.includes('#') && resolver.refresh) {
        // The cached document may predate a rotation (a proof by a rotated-in key): look once more, as for tokens
        // (the resolver limits how often per DID, so a stranger's key id cannot make us fetch at will).
        resolution = await resolver.refresh(did);
        if (!resolution.ok) throw new Error(`cannot resolve ${url}: ${resolution.error}`);
        document = selectDidUrl(resolution.didDocument, url);
      }
      if (!document) throw new Error(`${url} names nothing in its DID document`);
      return { contextUrl: null, documentUrl: url, document };
    }
    throw new Error(`refusing to load ${url}: only bundled contexts and DIDs are loaded`);
  };
}

const refuseAll: DocumentLoader = async (url) => {
  throw new Error(`refusing to load ${url}: pass an explicit documentLoader`);
};

/**
 * Replace jsonld's process-global fallback loader, which would fetch over HTTP, with one that
 * refuses everything. Idempotent; the one piece of global state this module touches.
 */
export function installJsonLdGuard(): void {
  jsonld.documentLoader = refuseAll;
}
