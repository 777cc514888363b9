import type { Clock } from '../../core/index.js';
import {
  checkCredentialProof,
  createDidKeyResolver,
  createDidWebResolver,
  createDocumentLoader,
  DidResolverRegistry,
  IDENTITY_FETCH_BOUNDS,
  installJsonLdGuard,
  type DocumentLoader,
} from '../identity/index.js';
import { boundedJsonFetch } from '../http/bounded-fetch.js';
import type { OutboundPolicy } from '../http/outbound/index.js';
import { OfferVerifier } from './offer-verifier.js';

/**
 * The offer verifier of a connector: with the DCP identity it shares the identity's DID resolver and loader;
 * with the development identity it gets a resolver of its own (did:web, did:key), so offers of real providers
 * still verify.
 */
export function createOfferVerifier(o: {
  documentLoader: DocumentLoader | undefined;
  clock: Clock;
  allowHttpLoopback: boolean;
  didCacheTtlMs: number;
  didCacheSize: number;
  outbound: OutboundPolicy;
}): OfferVerifier {
  let loader = o.documentLoader;
  if (!loader) {
    installJsonLdGuard();
    loader = createDocumentLoader(
      new DidResolverRegistry(
        [createDidKeyResolver(), createDidWebResolver({ fetch: boundedJsonFetch({ ...IDENTITY_FETCH_BOUNDS, target: o.outbound }), allowHttpLoopback: o.allowHttpLoopback })],
        { clock: o.clock, cacheTtlMs: o.didCacheTtlMs, cacheSize: o.didCacheSize },
      ),
    );
  }
  const documentLoader = loader;
  return new OfferVerifier({ checkProof: (c) => checkCredentialProof(c, documentLoader, o.clock.now()), clock: o.clock });
}
