import type { Clock, IdGenerator, Logger } from '../core/index.js';
import type { PolicyEngine } from '../policy/index.js';
import type { RouteDef } from './http/route-def.js';
import type { RequestValidator } from './http/request-validator.js';
import type { KontorConfig } from './config/kontor-config.js';
import type { Stores } from './store/sql/create-stores.js';
import type { ConnectorMetrics } from './metrics/connector-metrics.js';
import type { AuditLog } from './audit/index.js';
import type { ClusterBus } from './cluster/index.js';
import type { PeerAuth } from './peer/peer-auth.js';
import type { OutboundPolicy } from './http/outbound/index.js';
import type { IdentityModule } from './identity-module.js';
import type { CatalogModule } from './catalog-module.js';
import type { NegotiationModule } from './negotiation/index.js';
import type { TransferModule } from './transfer/index.js';
import type { TrainingStack } from './training-stack.js';
import { consoleRoutes } from './api/routes/console-routes.js';
import { openApiDocument } from './api/openapi-document.js';
import { agreementsRoutes } from './api/routes/agreements-routes.js';
import { assetResourceSpec, assetsRoutes } from './api/routes/assets-routes.js';
import { contractDefinitionResourceSpec, contractDefinitionsRoutes } from './api/routes/contract-definitions-routes.js';
import { contractDefinitionWarnings } from './api/routes/contract-definition-warnings.js';
import { edcV3Routes } from './api/edc-v3/edc-routes.js';
import { negotiationsRoutes } from './api/routes/negotiations-routes.js';
import { operationsRoutes } from './api/routes/operations-routes.js';
import { policiesRoutes, policyResourceSpec } from './api/routes/policies-routes.js';
import { policyDefinitionCheck } from './api/routes/policy-definition-check.js';
import { policyEvaluationRoutes } from './api/routes/policy-evaluation-routes.js';
import { policyTemplatesRoutes } from './api/routes/policy-templates-routes.js';
import { transfersRoutes } from './api/routes/transfers-routes.js';
import { webhooksRoutes } from './api/routes/webhooks-routes.js';
import { offerToNegotiate } from './offers/index.js';
import { identityRoutes } from './api/routes/identity-routes.js';
import { trainingsRoutes } from './api/routes/trainings-routes.js';
import { auditRoutes } from './api/routes/audit-routes.js';
import { deletionsRoutes } from './api/routes/deletions-routes.js';
import { modelResultRoutes } from './api/routes/model-result-routes.js';
import { suspensionsRoutes } from './api/routes/suspensions-routes.js';
import { metricsRoutes } from './api/routes/metrics-routes.js';
import { healthRoutes } from './api/routes/health-routes.js';
import { connectorReadiness } from './health/connector-readiness.js';

/** Every route of the management API (Kontor's own and the EDC v3 compatible one), wired to the connector's parts. */
export function managementRoutes(parts: {
  config: KontorConfig;
  stores: Stores;
  recorder: ReturnType<Stores['changeRecorder']>;
  clock: Clock;
  ids: IdGenerator;
  validator: RequestValidator;
  plainEngine: PolicyEngine;
  policyEngine: PolicyEngine;
  metrics: ConnectorMetrics;
  audit: AuditLog;
  cluster: ClusterBus;
  peerAuth: PeerAuth;
  outbound: OutboundPolicy;
  identity: IdentityModule | undefined;
  catalog: CatalogModule;
  negotiations: NegotiationModule;
  transfers: TransferModule;
  training: TrainingStack['fl'];
  logger: Logger;
}): RouteDef[] {
  const { config, stores, clock, ids, validator, plainEngine, policyEngine, metrics, audit, cluster, peerAuth, outbound, identity, catalog, negotiations, transfers, training } =
    parts;
  const checkPolicy = policyDefinitionCheck(policyEngine);
  // Training-only terms on assets that are not training data: said in the answer, not refused (the assets may change).
  const warnings = contractDefinitionWarnings({ engine: plainEngine, policies: stores.policies, assets: stores.assets, clock });
  return [
    ...operationsRoutes({ participantId: config.participantId, document: openApiDocument }),
    ...healthRoutes({
      checks: connectorReadiness({
        config,
        database: stores,
        clock,
        logger: parts.logger,
        wallet: stores.heldCredentials,
        keys: identity?.runtime.keys,
        membership: identity?.requester?.membership,
      }),
      logger: parts.logger,
    }),
    ...metricsRoutes({ registry: metrics.registry }),
    ...assetsRoutes({ store: stores.assets, ids, validator, fileRoot: config.dataPlane.fileRoot, trainingDataRoot: config.training.dataRoot }),
    ...policyEvaluationRoutes({ engine: plainEngine, store: stores.policies, validator, clock }),
    ...policyTemplatesRoutes({ engine: plainEngine, validator }),
    ...policiesRoutes({ store: stores.policies, ids, validator, checkPolicy }),
    ...contractDefinitionsRoutes({ store: stores.contractDefinitions, ids, validator, warnings }),
    ...negotiationsRoutes({
      service: negotiations.service,
      validator,
      resolveOffer: offerToNegotiate({
        requester: identity ? catalog.requester : undefined,
        unsignedOffersFrom: config.dsp.unsignedOffersFrom,
        tokenFor: (id) => peerAuth.tokenFor(id),
        outbound,
      }),
    }),
    ...agreementsRoutes({
      store: stores.agreements,
      recorder: parts.recorder,
      clock,
      self: peerAuth.participantId,
      onRevoked: async (a) => void (await transfers.service.endForAgreement(a.id, `agreement ${a.id} revoked`)),
    }),
    ...transfersRoutes({ service: transfers.service, edr: transfers.edr, validator }),
    ...consoleRoutes({ edr: transfers.edr, outbound }),
    ...trainingsRoutes({
      coordinator: training.coordinator,
      store: training.trainings,
      afterWork: stores.afterWork,
      agreements: stores.agreements,
      validator,
      participantId: peerAuth.participantId,
    }),
    ...auditRoutes({ log: audit, clock }),
    ...deletionsRoutes({ audit, duties: training.duties }),
    ...modelResultRoutes({ use: training.use, provenance: training.provenance, trainings: training.trainings, validator, resolver: identity?.runtime.resolver, audit }),
    ...suspensionsRoutes({
      store: stores.suspensions,
      recorder: parts.recorder,
      validator,
      self: peerAuth.participantId,
      onSuspended: (participantId) => void cluster.publish({ kind: 'suspension.changed', participantId }),
    }),
    ...webhooksRoutes({ store: stores.webhooks, deliveries: stores.webhookDeliveries, validator, ids, clock, allowHttp: config.webhooks.allowHttp, outbound }),
    ...catalog.routes,
    ...identityRoutes({
      wallet: stores.heldCredentials,
      flush: () => void cluster.publish({ kind: 'identity.flushed' }),
      requester: identity?.requester,
      did: peerAuth.participantId,
      kind: config.identity.kind,
    }),
    ...edcV3Routes({
      assets: assetResourceSpec({ store: stores.assets, ids, validator, foreignTypes: 'bare', fileRoot: config.dataPlane.fileRoot, trainingDataRoot: config.training.dataRoot }),
      policies: policyResourceSpec({ store: stores.policies, ids, validator, checkPolicy }),
      contractDefinitions: contractDefinitionResourceSpec({ store: stores.contractDefinitions, ids, validator, warnings }),
      requester: catalog.requester,
      validator,
      negotiations: negotiations.service,
      agreements: stores.agreements,
      transfers: transfers.service,
      edr: transfers.edr,
    }),
  ];
}
