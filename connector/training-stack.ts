import type { Clock, IdGenerator, Logger } from '../core/index.js';
import type { PolicyEngine } from '../policy/index.js';
import type { KontorConfig } from './config/kontor-config.js';
import type { IdentityRuntime } from './identity/index.js';
import type { PeerAuth } from './peer/peer-auth.js';
import type { Stores } from './store/sql/create-stores.js';
import type { TransferModule } from './transfer/index.js';
import { softmaxBackend } from './training/index.js';
import { TrainingWorkers } from './training/index.js';
import { createFlModule, type FlModule, type FlModuleDeps } from './training-module.js';
import type { Training } from './training/index.js';
import type { TrainingBackend } from './training/index.js';
import { trainingFlows } from './training/index.js';
import { retryFromSettings } from './statemachine/loop-defaults.js';
import { ownTrainerBackend } from './training/index.js';

/** A training session lives at most as long as a round token (5 min), and no longer than a verified presentation is reused. */
const SESSION_TTL_MS = 300_000;

export interface TrainingStack {
  fl: FlModule;
  flows: ReturnType<typeof trainingFlows>;
  /** Late binding: the transfer module exists only after the flows were handed to it. */
  bindTransfers(transfers: TransferModule): void;
}

/** Federated training wired to the stores, the identity and (late) the transfer module. */
/** The site's own trainer (training.localTrainer), when configured, in front of the built-in backend. */
const withOwnTrainer = (backend: TrainingBackend, t: KontorConfig['training']): TrainingBackend =>
  t.localTrainer.length > 0 ? ownTrainerBackend(backend, { command: t.localTrainer, timeoutMs: t.localTrainerTimeoutMs, env: t.localTrainerEnv }) : backend;

export function createTrainingStack(input: {
  config: KontorConfig;
  stores: Stores;
  engine: PolicyEngine;
  auth: PeerAuth;
  runtime: IdentityRuntime | undefined;
  clock: Clock;
  ids: IdGenerator;
  logger: Logger;
  owner: string;
  backend?: TrainingBackend;
  record: FlModuleDeps['record'];
  roundRecord?: FlModuleDeps['roundRecord'];
  onTrainingChanged?: (before: Training, after: Training) => void;
  audit: FlModuleDeps['audit'];
  onEscalated?: FlModuleDeps['onEscalated'];
  recorder: FlModuleDeps['recorder'];
  standing: FlModuleDeps['standing'];
  outbound: FlModuleDeps['outbound'];
}): TrainingStack {
  let transfers: TransferModule | undefined;
  const backend = withOwnTrainer(input.backend ?? softmaxBackend(new TrainingWorkers(), { dataRoot: input.config.training.dataRoot }), input.config.training);
  const fl = createFlModule({
    stores: input.stores,
    engine: input.engine,
    auth: input.auth,
    outbound: input.outbound,
    runtime: input.runtime,
    backend,
    clock: input.clock,
    ids: input.ids,
    logger: input.logger,
    owner: input.owner,
    retry: retryFromSettings(input.config.stateMachine),
    leaseMs: input.config.stateMachine.leaseMs,
    limits: {
      maxClipNorm: input.config.training.maxClipNorm,
      minNoiseMultiplier: input.config.training.minNoiseMultiplier,
      maxModelNorm: input.config.training.maxModelNorm,
      sampleCountBucket: input.config.training.sampleCountBucket,
    },
    record: input.record,
    ...(input.roundRecord ? { roundRecord: input.roundRecord } : {}),
    standing: input.standing,
    audit: input.audit,
    endTransfer: async (transferId) => {
      const t = await input.stores.transfers.findById(transferId);
      if (transfers && t && t.state === 'STARTED') await transfers.service.complete(transferId);
    },
    sessionTtlMs: input.config.identity.presentationCacheSize === 0 ? 0 : Math.min(SESSION_TTL_MS, input.config.identity.statusRefreshMs),
    artifactDir: input.config.training.artifactDir,
    artifactKek: { file: input.config.usage.artifactKekFile, secret: input.config.usage.artifactKek },
    escalation: { graceMs: input.config.usage.receiptGraceMs, suspendAfterMs: input.config.usage.suspendAfterMs },
    ...(input.onEscalated ? { onEscalated: input.onEscalated } : {}),
    recorder: input.recorder,
    startTransfer: async (agreementId, purpose, plan) => {
      if (!transfers) throw new Error('transfers are not wired');
      return (await transfers.service.initiate({ agreementId, transferType: 'FederatedTraining', purpose, ...(plan ? { trainingPlan: { ...plan } } : {}) })).id;
    },
    endpointOf: async (transferId) => {
      const t = await input.stores.transfers.findById(transferId);
      if (!t) return { ended: 'the transfer is gone' };
      if (['TERMINATING', 'TERMINATED', 'COMPLETING', 'COMPLETED'].includes(t.state)) return { ended: t.terminationReason ?? t.errorDetail ?? t.state };
      return t.state === 'STARTED' ? t.edr?.endpoint : undefined;
    },
    ...(input.onTrainingChanged ? { onTrainingChanged: input.onTrainingChanged } : {}),
  });
  return {
    fl,
    flows: trainingFlows({
      sessions: fl.sessions,
      assets: input.stores.assets,
      publicUrl: input.config.publicApi.url,
      dataRoot: input.config.training.dataRoot,
      onEnded: fl.watchReceipts,
      ...(backend.release ? { release: backend.release } : {}),
      onReleased: async (s, files) => {
        await input.audit.append({
          type: 'usage.duty',
          actor: input.auth.participantId,
          agreementId: s.agreementId,
          data: { event: 'training rows removed', transferId: s.transferId, assetId: s.assetId, files, method: 'unlink' },
        });
      },
      logger: input.logger,
    }),
    bindTransfers: (t) => {
      transfers = t;
    },
  };
}
