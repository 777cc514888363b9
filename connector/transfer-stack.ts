import { backendAuth } from './dataplane/index.js';
import type { Clock, EventBus, IdGenerator, Logger } from '../core/index.js';
import type { ParticipantAgent, PolicyEngine } from '../policy/index.js';
import type { KontorConfig } from './config/kontor-config.js';
import type { OutboundPolicy } from './http/outbound/index.js';
import type { PeerAuth } from './peer/peer-auth.js';
import type { Stores } from './store/sql/create-stores.js';
import { createTransferModule, type TransferEvents, type TransferModule } from './transfer/index.js';
import { transferPolicy } from './transfer/index.js';
import { PolicyMonitor } from './usage/index.js';
import { agreementWindow } from './transfer/index.js';
import type { DspDataAddress, TransferProcess } from './transfer/index.js';
import type { DataFlows, TransferDeps } from './transfer/index.js';
import { DataFlowRegistry, interruptPushesAfter } from './dataplane/index.js';
import { createDataPlane, DATA_PLANE_PATH } from './dataplane/index.js';
import { dataTokens } from './dataplane/index.js';
import type { StandingCheck } from './peer/standing-check.js';
import type { AuditInput } from './audit/index.js';

/** Builds the provider's data plane and the transfer module around it (called once by the composition root). */
export function createTransferStack(input: {
  config: KontorConfig;
  stores: Stores;
  engine: PolicyEngine;
  auth: PeerAuth;
  clock: Clock;
  ids: IdGenerator;
  logger: Logger;
  events: EventBus<TransferEvents>;
  owner: string;
  dspBaseUrl: string;
  outbound: OutboundPolicy;
  /**
   * FederatedTraining transfers: the training endpoint to announce, and what a state change means for the training
   * (a suspension pauses it, a resume runs it again, an end closes it: training-flows.ts).
   */
  training?: { address(t: TransferProcess): Promise<DspDataAddress>; changed(t: TransferProcess): Promise<void> };
  /** The policy monitor ended a transfer whose agreement no longer holds (for the audit log). */
  onMonitorEnded?: (t: TransferProcess, reason: string) => unknown;
  /** The policy monitor's decision to end a transfer, as a record committed with the termination (connector/outbox). */
  monitorRecord?: (t: TransferProcess, reason: string) => unknown;
  /** The monitor's live re-check of a consumer's credentials (absent with the development identity). */
  agentStanding?: (agent: ParticipantAgent) => Promise<string | undefined>;
  /** Suspended counterparties: no new transfers either way, live ones end at the monitor's sweep. */
  standing: StandingCheck;
  /** A transfer request or resume the contract policy denied, for the audit log. */
  recordDenial?: (entry: AuditInput) => void;
  /** Agreement changes committed with their audit entries (a revocation learned from the provider). */
  recorder: TransferDeps['recorder'];
}): {
  transfers: TransferModule;
  registry: DataFlowRegistry;
  dataPlanePath: string;
  dataPlaneRouter: ReturnType<typeof createDataPlane>['router'];
  monitor: PolicyMonitor;
  /** A stop's bound on the pushes the transfer loop waits for: those still running after `graceMs` are interrupted (push-shutdown.ts). */
  interruptPushesAfter(graceMs: number): { cancel(): void };
} {
  const { config, stores, clock, logger } = input;
  const policy = transferPolicy({
    agreements: stores.agreements,
    engine: input.engine,
    clock,
    logger,
    participantId: input.auth.participantId,
    uses: stores.transferUses,
    standing: input.standing,
    recordDenial: input.recordDenial,
  });
  const registry = new DataFlowRegistry();
  if (!config.dataPlane.tokenSecret) logger.info('no dataPlane.tokenSecret: data tokens are signed with a per-process secret and end with the process');
  const dataPlane = createDataPlane({
    transfers: stores.transfers,
    findAsset: (id) => stores.assets.findById(id),
    policy,
    auth: input.auth,
    registry,
    clock,
    logger,
    tokens: dataTokens({ issuer: input.auth.participantId, secret: config.dataPlane.tokenSecret, ttlSeconds: config.dataPlane.tokenTtlSeconds, clock }),
    baseUrl: `${config.publicApi.url}${DATA_PLANE_PATH}`,
    fileRoot: config.dataPlane.fileRoot,
    sourceTimeoutMs: config.dataPlane.sourceTimeoutMs,
    pushTimeoutMs: config.dataPlane.pushTimeoutMs,
    backendAuth: backendAuth({ secretsDir: config.dataPlane.secretsDir, clock }),
    outbound: input.outbound,
  });
  const training = input.training;
  const flows: DataFlows = training
    ? {
        pullAddress: (t) => (t.transferType === 'FederatedTraining' ? training.address(t) : dataPlane.flows.pullAddress(t)),
        push: (t) => dataPlane.flows.push(t),
        cut: (id) => dataPlane.flows.cut(id),
      }
    : dataPlane.flows;
  // Each committed state change (whoever caused it), not each cut: a suspension is no end.
  if (training)
    input.events.on('transfer.stateChanged', (e) =>
      training.changed(e.transfer).catch((error: unknown) => logger.warn({ err: error, transferId: e.id, state: e.to }, 'following a training transfer failed')),
    );
  const transfers = createTransferModule(
    {
      store: stores.transfers,
      agreements: stores.agreements,
      recorder: input.recorder,
      negotiations: stores.negotiations,
      engine: input.engine,
      policy,
      auth: input.auth,
      flows,
      clock,
      ids: input.ids,
      logger,
      dspBaseUrl: input.dspBaseUrl,
      outbound: input.outbound,
      standing: input.standing,
      findAssetType: async (id) => (await stores.assets.findById(id))?.dataAddress.type,
    },
    { owner: input.owner, ...config.stateMachine, events: input.events },
  );
  const monitor = new PolicyMonitor({
    transfers: stores.transfers,
    agreements: stores.agreements,
    policy,
    logger,
    terminate: (id, reason, records) => transfers.service.terminate(id, reason, records),
    ...(input.onMonitorEnded ? { onEnded: input.onMonitorEnded } : {}),
    ...(input.monitorRecord ? { recordOf: input.monitorRecord } : {}),
    ...(input.agentStanding ? { credentials: input.agentStanding } : {}),
    suspended: input.standing,
    streams: registry,
    window: agreementWindow(input.engine),
    now: () => clock.now(),
  });
  return {
    transfers,
    registry,
    dataPlanePath: DATA_PLANE_PATH,
    dataPlaneRouter: dataPlane.router,
    monitor,
    interruptPushesAfter: (graceMs) => interruptPushesAfter(registry, graceMs, logger),
  };
}
