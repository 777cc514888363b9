import type { Express } from 'express';
import type { Logger as PinoLogger } from 'pino';
import { randomIds, systemClock, type Clock, type IdGenerator } from '../core/index.js';
import { createManagementApp } from './api/management-app.js';
import { RequestValidator } from './http/request-validator.js';
import { operationsRoutes } from './api/routes/operations-routes.js';
import type { KontorConfig } from './config/kontor-config.js';
import { createLogger } from './http/create-logger.js';
import { serveListeners, type ServedListeners } from './http/tls/serve-listeners.js';
import { trustedCas } from './http/tls/trusted-cas.js';
import { trustProcessWide } from './http/tls/process-trust.js';
import { identityRuntimeFromConfig, KONTOR_CONTEXT_V1_URL, wellKnownRouter, type IdentityRuntime } from './identity/index.js';
import { authoritySigner } from './authority/index.js';
import { createPublicApp } from './dsp/public-app.js';
import { createStores, type Stores } from './store/sql/create-stores.js';
import { authorityOpenApiDocument } from './authority/index.js';
import { AuthorityService } from './authority/index.js';
import { directoryRouter } from './authority/index.js';
import { issuanceRouter } from './authority/index.js';
import { participantsRoutes } from './authority/index.js';
import { Registry } from 'prom-client';
import { createConnectorMetrics } from './metrics/connector-metrics.js';
import { httpMetrics } from './metrics/http-metrics.js';
import { metricsRoutes } from './api/routes/metrics-routes.js';
import { healthRoutes } from './api/routes/health-routes.js';
import { databaseCheck, keysCheck } from './health/readiness-checks.js';

export interface Authority {
  config: KontorConfig;
  did: string;
  stores: Stores;
  runtime: IdentityRuntime;
  service: AuthorityService;
  managementApp: Express;
  publicApp: Express;
  start(): Promise<{ managementUrl: string; publicUrl: string }>;
  stop(): Promise<void>;
}

/** `kontor authority start`: the data space's authority, configured like a connector (composition root). */
export async function createAuthority(config: KontorConfig, deps: { logger?: PinoLogger; clock?: Clock; ids?: IdGenerator } = {}): Promise<Authority> {
  const logger = deps.logger ?? createLogger(config.log.level);
  const clock = deps.clock ?? systemClock;
  const ids = deps.ids ?? randomIds;
  trustProcessWide(trustedCas(config.tls.caFile)); // calls to configured URLs verify against tls.caFile too
  const stores = await createStores(config.store, { clock, logger });
  // Spent token ids in the database on PostgreSQL: authority processes on one schema accept a captured token once in total.
  const replayCache = config.store.kind === 'postgres' ? stores.replayCache : undefined;
  const runtime = await identityRuntimeFromConfig(config, { clock, ids, ...(replayCache ? { replayCache } : {}) }); // DID documents and status lists of callers
  const signing = await authoritySigner({
    runtime,
    clock,
    format: config.authority.credentialFormat,
    keyType: config.authority.keyType,
    p256KeyFile: config.authority.p256KeyFile,
  });
  const service = new AuthorityService({
    store: stores.authority,
    clock,
    ids,
    publicUrl: config.publicApi.url,
    contexts: [KONTOR_CONTEXT_V1_URL],
    validitySeconds: config.authority.credentialValiditySeconds,
    signer: signing.signer,
  });
  const validator = new RequestValidator(authorityOpenApiDocument);
  /** HTTP figures only: the authority runs no negotiations, transfers or trainings. */
  const metrics = createConnectorMetrics(new Registry());
  const routes = [
    ...operationsRoutes({ participantId: runtime.did, document: authorityOpenApiDocument }),
    ...healthRoutes({ checks: [databaseCheck(stores), keysCheck(runtime.keys)], logger }),
    ...metricsRoutes({ registry: metrics.registry }),
    ...participantsRoutes({ service, store: stores.authority, validator }),
  ];
  const managementApp = createManagementApp({ ...config.managementApi, logger, routes, observe: httpMetrics(metrics, 'management') });
  const publicApp = createPublicApp({
    participantId: runtime.did,
    logger,
    problemTypeBase: config.managementApi.problemTypeBase,
    observe: httpMetrics(metrics, 'public'),
    mount: (app) => {
      app.use(wellKnownRouter(() => signing.didDocument(runtime.didDocument({}))));
      app.use(issuanceRouter({ service, runtime, clock, logger }));
      app.use(directoryRouter({ store: stores.authority, runtime, clock, logger }));
    },
  });
  let listening: ServedListeners | undefined;
  let stopped: Promise<void> | undefined;
  return {
    config,
    did: runtime.did,
    stores,
    runtime,
    service,
    managementApp,
    publicApp,
    async start() {
      listening = await serveListeners({ management: managementApp, public: publicApp }, config, logger);
      const { management, public: pub } = listening;
      logger.info({ did: runtime.did, management: management.url, public: pub.url }, 'authority started');
      return { managementUrl: management.url, publicUrl: pub.url };
    },
    stop() {
      stopped ??= (async () => {
        await listening?.close(config.shutdown.graceMs);
        await stores.close();
      })();
      return stopped;
    },
  };
}
