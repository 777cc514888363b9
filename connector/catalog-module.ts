import type { Clock, IdGenerator, Logger } from '../core/index.js';
import { catalogRequestRoutes } from './api/routes/catalog-request-routes.js';
import { federatedCatalogRoutes } from './api/routes/federated-catalog-routes.js';
import { offerExportRoutes } from './api/routes/offer-export-routes.js';
import type { RequestValidator } from './http/request-validator.js';
import type { RouteDef } from './http/route-def.js';
import type { KontorConfig } from './config/kontor-config.js';
import type { OutboundPolicy } from './http/outbound/index.js';
import { FederationCrawler } from './federation/index.js';
import { federationPeers } from './federation/index.js';
import { issueCredential } from './identity/index.js';
import type { IdentityModule } from './identity-module.js';
import { createCatalogRequester, type CatalogRequester } from './offers/index.js';
import { OfferAttestor } from './offers/index.js';
import { createOfferVerifier } from './offers/index.js';
import type { PeerAuth } from './peer/peer-auth.js';
import type { Stores } from './store/sql/create-stores.js';

export interface CatalogModule {
  /** Signs offers for the provider's catalog; absent with the development identity (no keys). */
  attestor: OfferAttestor | undefined;
  requester: CatalogRequester;
  crawler: FederationCrawler;
  routes: RouteDef[];
  start(): void;
  stop(): Promise<void>;
}

/** Offers as credentials (provider), catalog requests with verification and the federated catalog (consumer). */
export function catalogModule(deps: {
  config: KontorConfig;
  stores: Stores;
  peerAuth: PeerAuth;
  identity: IdentityModule | undefined;
  clock: Clock;
  ids: IdGenerator;
  logger: Logger;
  validator: RequestValidator;
  outbound: OutboundPolicy;
}): CatalogModule {
  const { config, clock, logger } = deps;
  const runtime = deps.identity?.runtime;
  const sign = runtime ? (unsigned: Record<string, unknown>) => issueCredential(unsigned, { issuer: runtime.signer(), documentLoader: runtime.documentLoader, clock }) : undefined;
  const attestor = runtime && sign ? new OfferAttestor({ store: deps.stores.offerCredentials, issuerDid: runtime.did, clock, ids: deps.ids, logger, sign }) : undefined;
  const { stores } = deps;
  const lookup = {
    findDefinition: (id: string) => stores.contractDefinitions.findById(id),
    findAsset: (id: string) => stores.assets.findById(id),
    findPolicy: (id: string) => stores.policies.findById(id),
  };
  const verifier = createOfferVerifier({
    documentLoader: runtime?.documentLoader,
    clock,
    allowHttpLoopback: config.did.allowHttpLoopback,
    didCacheTtlMs: config.did.cacheTtlMs,
    didCacheSize: config.did.cacheSize,
    outbound: deps.outbound,
  });
  const requester = createCatalogRequester({ auth: deps.peerAuth, verifier, outbound: deps.outbound });
  const store = deps.stores.federation;
  const federation = config.catalog.federation;
  const crawler = new FederationCrawler({
    store,
    requester,
    clock,
    logger,
    evictAfterMs: federation.evictAfterMs,
    peerTimeoutMs: federation.peerTimeoutMs,
    peers: federationPeers({ config: federation, ownDid: deps.peerAuth.participantId, runtime, authorityUrl: config.identity.authorityUrl, logger }),
  });
  return {
    attestor,
    requester,
    crawler,
    routes: [
      ...catalogRequestRoutes({ requester, validator: deps.validator }),
      ...federatedCatalogRoutes({ store }),
      ...offerExportRoutes({ lookup, provider: deps.peerAuth.participantId, dspUrl: `${config.publicApi.url}${config.dsp.basePath}`, clock, ids: deps.ids, sign }),
    ],
    start: () => crawler.start(federation.intervalMs),
    stop: () => crawler.stop(),
  };
}
