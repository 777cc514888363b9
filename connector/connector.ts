import { hostname } from 'node:os';
import { createEventBus, randomIds, systemClock } from '../core/index.js';
import { createPolicyEngine } from '../policy/index.js';
import { createManagementApp } from './api/management-app.js';
import { openApiDocument } from './api/openapi-document.js';
import { RequestValidator } from './http/request-validator.js';
import { WebhookDispatcher } from './webhooks/index.js';
import type { KontorConfig } from './config/kontor-config.js';
import { createLogger } from './http/create-logger.js';
import { serveListeners, type ServedListeners } from './http/tls/serve-listeners.js';
import { trustedCas } from './http/tls/trusted-cas.js';
import { trustProcessWide } from './http/tls/process-trust.js';
import { outboundPolicyFromConfig } from './http/outbound/index.js';
import { unsignedAgreements } from './negotiation/index.js';
import { recordStateChanges, stateChangeRecords } from './state-change-records.js';
import { identityModule, peerAuthWithoutDcp } from './identity-module.js';
import { catalogModule } from './catalog-module.js';
import { changesCatalog } from './offers/index.js';
import { offerPublication } from './offers/index.js';
import { createPublicApp } from './dsp/public-app.js';
import { createTrainingStack } from './training-stack.js';
import { AuditLog, type AuditInput } from './audit/index.js';
import { fieldCipher, kekSourceFrom, standingCheck } from './usage/index.js';
import { agentStanding } from './identity/index.js';
import type { CatalogProtocolHandle } from './dsp/mount-catalog-protocol.js';
import { createStores, logBackgroundFailure } from './store/sql/create-stores.js';
import { createTransferStack } from './transfer-stack.js';
import { Registry } from 'prom-client';
import { createConnectorMetrics } from './metrics/connector-metrics.js';
import { instrumentStores } from './metrics/instrument-stores.js';
import { instrumentPolicyEngine } from './metrics/instrumented-policy-engine.js';
import { instrumentPeerAuth } from './metrics/instrumented-peer-auth.js';
import { auditMetrics } from './metrics/audit-metrics.js';
import { countTraining } from './metrics/event-metrics.js';
import { httpMetrics } from './metrics/http-metrics.js';
import { tckMode } from './tck/tck-mode.js';
import { replicaSettings } from './replicas/index.js';
import type { RoundDecision } from './training/index.js';
import { wireClusterEvents } from './wire-cluster-events.js';

import type { Connector, ConnectorDeps, ConnectorEvents } from './connector-types.js';
import { managementRoutes } from './management-routes.js';
import { mountPublicRoutes } from './public-routes.js';
import { createNegotiationStack } from './negotiation-stack.js';
import { hiddenOfferEntry } from './offers/index.js';
import { roundDecisionEntry } from './training/index.js';
import { policyMonitorEntry } from './usage/index.js';
export type { Connector, ConnectorDeps, ConnectorEvents, TrainingEvents } from './connector-types.js';

/** The composition root: the only place that builds infrastructure. */
export async function createConnector(config: KontorConfig, deps: ConnectorDeps = {}): Promise<Connector> {
  const logger = deps.logger ?? createLogger(config.log.level);
  const clock = deps.clock ?? systemClock;
  const ids = deps.ids ?? randomIds;
  const outbound = outboundPolicyFromConfig(config); // every peer- or client-steered call goes through it
  trustProcessWide(trustedCas(config.tls.caFile)); // and the calls to configured URLs verify against the same CAs
  // Asset source credentials and webhook secrets are sealed at rest under the artifact KEK (opened or created now).
  const cipher = await fieldCipher(kekSourceFrom({ file: config.usage.artifactKekFile, secret: config.usage.artifactKek, fileGiven: config.usage.artifactKekFileGiven }));
  const metrics = createConnectorMetrics(new Registry());
  const stores = instrumentStores(await createStores(config.store, { clock, logger, cipher }), { metrics, clock });
  stores.registerGauges(metrics.registry, clock);
  const events = createEventBus<ConnectorEvents>((error) => logger.warn({ err: error }, 'event listener failed'));
  /** Cache flushes and stream cuts reach every replica on the database (in-process alone on SQLite). */
  const cluster = deps.clusterBus ?? stores.clusterBus(config.store, `${hostname()}:${process.pid}:${ids.next()}`, logger);
  const validator = new RequestValidator(openApiDocument);
  const plainEngine = deps.policyEngine ?? createPolicyEngine();
  const policyEngine = instrumentPolicyEngine(plainEngine, metrics);
  const dspBaseUrl = `${config.publicApi.url}${config.dsp.basePath}`;
  const identity = config.identity.kind === 'dcp' ? await identityModule({ config, stores, clock, ids, logger, dspBaseUrl, outbound }) : undefined;
  // PostgreSQL: replicas on one schema must share some settings; a replica whose values differ is refused here, by name
  // (that the shared secrets are set at all, loadConfig checks before the database is touched).
  const seat = await stores.replicaSeat(replicaSettings(config), { clock, logger, leaseMs: config.stateMachine.leaseMs }).catch(async (error: unknown) => {
    await stores.close();
    throw error;
  });
  const peerAuth = instrumentPeerAuth(deps.peerAuth ?? identity?.peerAuth ?? peerAuthWithoutDcp(config, logger), metrics);
  /** Suspended counterparties: one check for negotiations, transfers, the data plane, training rounds and the monitor. */
  const standing = standingCheck(stores.suspensions);
  const tck = await tckMode({ config, stores, validator, clock, checkPolicy: (policy) => void policyEngine.parse(policy) });
  const catalog = catalogModule({ config, stores, peerAuth, identity, clock, ids, logger, validator, outbound });
  /** What the negotiation, training and transfer stacks all take. */
  const common = { config, stores, engine: policyEngine, auth: peerAuth, clock, ids, logger, outbound, standing };
  const negotiations = createNegotiationStack({
    ...common,
    dspBaseUrl,
    events,
    owner: `${hostname()}:${process.pid}:${ids.next()}`,
    signer: deps.agreementSigner ?? identity?.agreementSigner ?? unsignedAgreements,
    offers: tck.offers,
    // The decision's entry is in the outbox, committed with the negotiation: relay it now (no state change may wake it).
    onDecision: () => relay.wake(),
  });
  const auditStore = stores.audit;
  const audit = new AuditLog(auditStore, clock, auditMetrics(metrics));
  /** Changes and their audit entries / webhook events in one transaction; the relay (below) appends them. */
  const recorder = stores.changeRecorder(() => relay.wake());
  const record = (input: AuditInput) => void audit.append(input).catch((error: unknown) => logBackgroundFailure(logger, error, 'writing the audit log failed'));
  /** A training round decision: counted, logged, and as its audit entry. */
  const roundRecord = (decision: RoundDecision) => {
    metrics.trainingRoundRequests.inc({ outcome: decision.allowed ? 'allowed' : 'refused' });
    logger.info({ ...decision }, decision.allowed ? 'training decision: allowed' : 'training decision: denied');
    return { audit: roundDecisionEntry(decision) };
  };
  const training = createTrainingStack({
    ...common,
    runtime: identity?.runtime,
    owner: `${hostname()}:${process.pid}:${ids.next()}`,
    audit,
    ...(deps.trainingBackend ? { backend: deps.trainingBackend } : {}),
    record: async (decision) => void (await audit.append(roundRecord(decision).audit)),
    // An allowed round's entry is appended in the transaction of the round's session counter and privacy charge (decision 0031).
    roundRecord,
    onTrainingChanged: (before, after) => {
      countTraining(metrics, before, after);
      events.emit('training.changed', { id: after.id, from: before.state, to: after.state, round: after.currentRound, training: after });
    },
    // The step's audit entry and usage.escalated webhook event were committed with it (outbox): tell the other replicas.
    onEscalated: (event) => {
      if (event.step === 'suspend') void cluster.publish({ kind: 'suspension.changed', participantId: event.counterparty });
    },
    recorder,
  });
  const { transfers, registry, dataPlanePath, dataPlaneRouter, monitor, interruptPushesAfter } = createTransferStack({
    ...common,
    events,
    owner: `${hostname()}:${process.pid}:${ids.next()}`,
    dspBaseUrl,
    training: training.flows,
    monitorRecord: (t, reason) => ({ audit: policyMonitorEntry(t, reason) }),
    recordDenial: record,
    recorder,
    ...(identity
      ? {
          agentStanding: agentStanding({
            status: identity.runtime.statusChecker,
            clock,
            onUnknown: (problem) => logger.warn({ problem }, 'the policy monitor could not re-check a credential status'),
          }),
        }
      : {}),
  });
  training.bindTransfers(transfers);
  const webhooks = new WebhookDispatcher({
    webhooks: stores.webhooks,
    deliveries: stores.webhookDeliveries,
    clock,
    ids,
    logger,
    owner: `${hostname()}:${process.pid}:${ids.next()}`,
    retry: { limit: config.webhooks.retryLimit, baseMs: config.webhooks.retryBaseMs, capMs: config.webhooks.retryCapMs },
    idleWaitMs: config.stateMachine.idleWaitMs,
    allowHttp: config.webhooks.allowHttp,
    outbound,
  });
  /** Suspensions and identity-cache flushes (a revocation is known) are events for the policy monitor: it sweeps now, not at the next tick. */
  const recheckNow = () => void monitor.tick().catch((error: unknown) => logger.warn({ err: error }, 'the policy monitor sweep after a suspension failed'));
  /** Audit entries and webhook events of state changes come from the outbox the stores write with each change. */
  const relay = stores.stateChangeRelay({ audit, webhooks, clock, logger, recordsOf: stateChangeRecords, idleWaitMs: config.stateMachine.idleWaitMs });
  recordStateChanges({ events, metrics, relay });
  audit.readsAfter(() => relay.flush());
  const routes = managementRoutes({
    config,
    stores,
    recorder,
    clock,
    ids,
    validator,
    plainEngine,
    policyEngine,
    metrics,
    audit,
    cluster,
    peerAuth,
    outbound,
    identity,
    catalog,
    negotiations,
    transfers,
    training: training.fl,
    logger,
  });
  let catalogProtocol: CatalogProtocolHandle | undefined;
  const publication = offerPublication(async (cancelled) => (catalogProtocol ? catalogProtocol.publish(cancelled) : 0), logger);
  const managementApp = createManagementApp({
    ...config.managementApi,
    logger,
    routes,
    observe: httpMetrics(metrics, 'management'),
    onWrite: (path) => {
      if (!changesCatalog(path)) return;
      void cluster.publish({ kind: 'catalog.changed' });
      publication.schedule();
    },
  });
  const publicApp = createPublicApp({
    participantId: config.participantId,
    logger,
    problemTypeBase: config.managementApi.problemTypeBase,
    observe: httpMetrics(metrics, 'public'),
    mount: (app) => {
      catalogProtocol = mountPublicRoutes(app, {
        config,
        stores,
        clock,
        logger,
        policyEngine,
        peerAuth,
        identity,
        catalog,
        negotiations,
        transfers,
        dataPlanePath,
        dataPlaneRouter,
        trainingRouter: training.fl.siteRouter,
        tck,
        events,
        recordHidden: (r) => record(hiddenOfferEntry(r)),
      });
    },
  });
  wireClusterEvents(cluster, events, {
    flushIdentity: () => identity?.peerAuth.verifier.flush(),
    endTrainingSessions: () => training.fl.revokeSessions(),
    recheck: recheckNow,
    invalidateCatalog: () => catalogProtocol?.invalidate(),
    cut: (transferId, reason) => registry.cut(transferId, reason),
  });
  let listening: ServedListeners | undefined;
  let stopped: Promise<void> | undefined;

  return {
    config,
    stores,
    policyEngine,
    events,
    cluster,
    negotiations,
    transfers,
    training: training.fl,
    audit,
    monitor,
    identity,
    catalog,
    metrics,
    managementApp,
    publicApp,
    publishOffers: async () => {
      await cluster.publish({ kind: 'catalog.changed' });
      publication.schedule();
      await publication.settled();
    },
    async start() {
      await training.fl.ready();
      await cluster.start();
      listening = await serveListeners({ management: managementApp, public: publicApp }, config, logger);
      const { management, public: pub } = listening;
      negotiations.loop.start();
      transfers.loop.start();
      webhooks.loop.start();
      relay.start();
      training.fl.coordinator.loop.start();
      training.fl.dutyRunner.start();
      monitor.start(config.usage.monitorIntervalMs);
      await identity?.startHolding();
      catalog.start();
      publication.schedule();
      logger.info({ participantId: config.participantId, management: management.url, public: pub.url, store: config.store.kind }, 'connector started');
      return { managementUrl: management.url, publicUrl: pub.url };
    },
    stop() {
      stopped ??= (async () => {
        identity?.stopHolding();
        // One grace bounds the stop: a push still running at its end is interrupted (pushed again later), the HTTP close gets what is left.
        const graceEnds = clock.now() + config.shutdown.graceMs;
        const pushes = interruptPushesAfter(config.shutdown.graceMs);
        await Promise.all([
          negotiations.loop.stop(),
          transfers.loop.stop(),
          webhooks.loop.stop(),
          training.fl.coordinator.loop.stop(),
          training.fl.dutyRunner.stop(),
          monitor.stop(),
          catalog.stop(),
          publication.stop(),
        ]);
        pushes.cancel();
        await listening?.close(Math.max(0, graceEnds - clock.now()));
        await relay.stop();
        await cluster.stop();
        await seat.release();
        await stores.close();
        logger.info('connector stopped');
      })();
      return stopped;
    },
  };
}
