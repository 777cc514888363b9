import type { Express } from 'express';
import type { Logger as PinoLogger } from 'pino';
import { randomIds, systemClock, type Clock, type IdGenerator } from '../core/index.js';
import { createPolicyEngine, type PolicyEngine } from '../policy/index.js';
import { createManagementApp } from './api/management-app.js';
import { openApiDocument } from './api/openapi-document.js';
import { RequestValidator } from './api/request-validator.js';
import { assetsRoutes } from './api/routes/assets-routes.js';
import { contractDefinitionsRoutes } from './api/routes/contract-definitions-routes.js';
import { operationsRoutes } from './api/routes/operations-routes.js';
import { policiesRoutes } from './api/routes/policies-routes.js';
import { policyEvaluationRoutes } from './api/routes/policy-evaluation-routes.js';
import type { KontorConfig } from './config/kontor-config.js';
import { createLogger } from './http/create-logger.js';
import { listen, type Listening } from './http/listen.js';
import { createPublicApp } from './public-app.js';
import { createStores, type Stores } from './store/create-stores.js';

export interface ConnectorDeps {
  logger?: PinoLogger;
  clock?: Clock;
  ids?: IdGenerator;
  policyEngine?: PolicyEngine;
}

export interface Connector {
  config: KontorConfig;
  stores: Stores;
  policyEngine: PolicyEngine;
  managementApp: Express;
  publicApp: Express;
  /** Binds both listeners; returns their actual URLs (ports may have been 0). */
  start(): Promise<{ managementUrl: string; publicUrl: string }>;
  /** Drains in-flight requests (up to shutdown.graceMs), closes listeners and the store. Idempotent. */
  stop(): Promise<void>;
}

/** The composition root: the only place that builds infrastructure. */
export async function createConnector(config: KontorConfig, deps: ConnectorDeps = {}): Promise<Connector> {
  const logger = deps.logger ?? createLogger(config.log.level);
  const clock = deps.clock ?? systemClock;
  const ids = deps.ids ?? randomIds;
  const stores = await createStores(config.store, { clock, logger });
  const validator = new RequestValidator(openApiDocument);
  const policyEngine = deps.policyEngine ?? createPolicyEngine();
  const routes = [
    ...operationsRoutes({ participantId: config.participantId, document: openApiDocument }),
    ...assetsRoutes({ store: stores.assets, ids, validator }),
    ...policyEvaluationRoutes({ engine: policyEngine, store: stores.policies, validator, clock }),
    ...policiesRoutes({ store: stores.policies, ids, validator, checkPolicy: (policy) => void policyEngine.parse(policy) }),
    ...contractDefinitionsRoutes({ store: stores.contractDefinitions, ids, validator }),
  ];
  const managementApp = createManagementApp({ ...config.managementApi, logger, routes });
  const publicApp = createPublicApp({ participantId: config.participantId, logger, problemTypeBase: config.managementApi.problemTypeBase });
  const listening: Listening[] = [];
  let stopped: Promise<void> | undefined;

  return {
    config, stores, policyEngine, managementApp, publicApp,
    async start() {
      const management = await listen(managementApp, config.managementApi.host, config.managementApi.port);
      listening.push(management);
      const pub = await listen(publicApp, config.publicApi.host, config.publicApi.port);
      listening.push(pub);
      logger.info({ participantId: config.participantId, management: management.url, public: pub.url, store: config.store.kind }, 'connector started');
      return { managementUrl: management.url, publicUrl: pub.url };
    },
    stop() {
      stopped ??= (async () => {
        await Promise.all(listening.map((l) => l.close(config.shutdown.graceMs)));
        await stores.close();
        logger.info('connector stopped');
      })();
      return stopped;
    },
  };
}
