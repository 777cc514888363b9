import type { Express, RequestHandler } from 'express';
import type { Clock, EventBus, Logger } from '../core/index.js';
import type { PolicyEngine } from '../policy/index.js';
import type { CatalogModule } from './catalog-module.js';
import type { KontorConfig } from './config/kontor-config.js';
import type { ConnectorEvents } from './connector-types.js';
import { mountCatalogProtocol, type CatalogProtocolHandle } from './dsp/mount-catalog-protocol.js';
import { negotiationDspRouter } from './dsp/negotiation-routes.js';
import { transferDspRouter } from './dsp/transfer-routes.js';
import { dspEdgeErrors } from './dsp/dsp-edge-errors.js';
import { routePrefix } from './http/route-prefix.js';
import type { IdentityModule } from './identity-module.js';
import type { NegotiationModule } from './negotiation/index.js';
import { catalogVisibility, hiddenOffersReporter, type HiddenOffers } from './offers/index.js';
import type { PeerAuth } from './peer/peer-auth.js';
import type { Stores } from './store/sql/create-stores.js';
import type { TckMode } from './tck/tck-mode.js';
import { TRAINING_PATH } from './training/index.js';
import type { TransferModule } from './transfer/index.js';

/**
 * Everything the public listener serves: the identity's well-known documents and credential service, the DSP bindings
 * of catalog, negotiation and transfer, the data plane, the training site and, in TCK mode, the TCK hooks. Returns
 * the catalog's handle (cache invalidation, offer signing).
 */
export function mountPublicRoutes(
  app: Express,
  parts: {
    config: Pick<KontorConfig, 'dsp' | 'publicApi'>;
    stores: Stores;
    clock: Clock;
    logger: Logger;
    policyEngine: PolicyEngine;
    peerAuth: PeerAuth;
    identity: IdentityModule | undefined;
    catalog: CatalogModule;
    negotiations: NegotiationModule;
    transfers: TransferModule;
    dataPlanePath: string;
    dataPlaneRouter: RequestHandler;
    trainingRouter: RequestHandler;
    tck: TckMode;
    events: EventBus<ConnectorEvents>;
    /** Offers hidden from a requester by their access policy (recorded, at most once an hour per requester and policy). */
    recordHidden(report: HiddenOffers): void;
  },
): CatalogProtocolHandle {
  const { config, stores, clock, logger, peerAuth, catalog, negotiations, transfers } = parts;
  parts.identity?.mount(app);
  const catalogProtocol = mountCatalogProtocol(app, {
    participantId: peerAuth.participantId,
    publicUrl: config.publicApi.url,
    basePath: config.dsp.basePath,
    stores,
    logger,
    authenticate: (req) => peerAuth.authenticate(req.get('authorization')),
    isOfferVisible: catalogVisibility(parts.policyEngine, clock, hiddenOffersReporter({ clock, logger, record: parts.recordHidden })),
    pageSize: config.dsp.catalogPageSize,
    maxPageSize: config.dsp.catalogMaxPageSize,
    bodyLimitBytes: config.dsp.bodyLimitBytes,
    ...(config.dsp.catalogCacheTtlMs > 0 ? { cache: { clock, ttlMs: config.dsp.catalogCacheTtlMs } } : {}),
    ...(catalog.attestor ? { attest: catalog.attestor.attach.bind(catalog.attestor) } : {}),
  });
  const dsp = config.dsp.basePath;
  app.use(dsp, routePrefix(dsp), transferDspRouter(transfers.deps, config.dsp.bodyLimitBytes));
  app.use(dsp, routePrefix(dsp), negotiationDspRouter(negotiations.deps, config.dsp.bodyLimitBytes));
  app.use(dsp, dspEdgeErrors(logger));
  app.use(parts.dataPlanePath, routePrefix(parts.dataPlanePath), parts.dataPlaneRouter);
  app.use(TRAINING_PATH, routePrefix(TRAINING_PATH), parts.trainingRouter);
  parts.tck.attach(app, { auth: peerAuth, events: parts.events, logger, agreements: stores.agreements, negotiations: negotiations.service, transfers: transfers.service });
  return catalogProtocol;
}
