import type { Router } from 'express';
import type { KeyObject } from 'node:crypto';
import type { Clock, IdGenerator, Logger } from '../core/index.js';
import type { PolicyEngine } from '../policy/index.js';
import { ed25519PublicKey, findVerificationMethod, type IdentityRuntime } from './identity/index.js';
import type { OutboundPolicy } from './http/outbound/index.js';
import type { PeerAuth } from './peer/peer-auth.js';
import type { Stores } from './store/sql/create-stores.js';
import type { StateEntityStore } from './statemachine/state-entity-store.js';
import { Coordinator, ENDED_TRAINING_STATES } from './training/index.js';
import { commitRoundWith, coordinatorRecord } from './training-records.js';
import { RoundTokens, SiteSessions, TrainingSessionTokens } from './training/index.js';
import { siteGate, type RoundDecision, type SiteGateDeps } from './training/index.js';
import { siteTrainingRouter } from './training/index.js';
import type { SiteSessionStore } from './training/index.js';
import type { Training } from './training/index.js';
import type { TrainingBackend } from './training/index.js';
import type { TrainingPlan } from './training/index.js';
import { receiptSigner } from './training/index.js';
import { secAggSite } from './training/index.js';
import type { AuditLog } from './audit/index.js';
import { openApiDocument } from './api/openapi-document.js';
import { RequestValidator } from './http/request-validator.js';
import { checkModelSpec } from './training/index.js';
import { ArtifactVault } from './usage/index.js';
import type { SqlDutyTimerStore } from './store/sql/sql-duty-timer-store.js';
import { storeRoundCheckpoint } from './usage/index.js';
import { DutyRunner } from './usage/index.js';
import { AFTER_WORK_RECOVERY_MS, recoverTrainingAfterWork, runTrainingAfterWork } from './training-after-work.js';
import { receiptAcceptance } from './usage/index.js';
import { receiptWatch } from './usage/index.js';
import { agreementWindow } from './transfer/index.js';
import type { StandingCheck } from './peer/standing-check.js';
import type { ChangeRecorder } from './store/change-recorder.js';
import type { OutboxRecord } from './store/sql/outbox/outbox-records.js';
import { modelProvenance, type ModelProvenance } from './training/index.js';
import { modelUse, type ModelUse } from './training/index.js';
import { checkpointExchange, modelForgetter } from './training/index.js';

export interface FlModule {
  coordinator: Coordinator;
  trainings: StateEntityStore<Training>;
  sessions: SiteSessionStore;
  siteRouter: Router;
  duties: SqlDutyTimerStore;
  dutyRunner: DutyRunner;
  /** The trained model's provenance credentials (coordinator) and countersignatures (site): model-result/. */
  provenance: ModelProvenance;
  /** Predictions with and export of trained models under the agreements behind them (model-result/). */
  use: ModelUse;
  /** The artifact vault (the final model is kept there, encrypted, until its deletion duty shreds it). */
  vault: ArtifactVault;
  /** A site session ended: watch for the deletion receipts the coordinator owes us (row 12). */
  watchReceipts(transferId: string): Promise<void>;
  /** Checks at start-up what must work before the first deletion (the artifact KEK). */
  ready(): Promise<void>;
  /** Ends every training session, those this site opened and those sites opened for us (decision 0028): identity caches flushed. */
  revokeSessions(): void;
}

export interface FlModuleDeps {
  stores: Stores;
  engine: PolicyEngine;
  auth: PeerAuth;
  /** Every site or coordinator endpoint called passes this policy. */
  outbound: OutboundPolicy;
  /** The DCP identity (signs receipts, resolves sites' keys); without it receipts cannot be signed or checked. */
  runtime: IdentityRuntime | undefined;
  backend: TrainingBackend;
  clock: Clock;
  ids: IdGenerator;
  logger: Logger;
  owner: string;
  retry: { limit: number; baseMs: number; capMs: number };
  limits: SiteGateDeps['limits'];
  startTransfer(agreementId: string, purpose: string, plan?: TrainingPlan): Promise<string>;
  endpointOf(transferId: string): Promise<string | { ended: string } | undefined>;
  record: SiteGateDeps['record'];
  /** The record (audit entry) of an allowed round, committed with the round's bookkeeping (decision 0031; without it, `record` after). */
  roundRecord?(decision: RoundDecision): OutboxRecord;
  onTrainingChanged?(before: Training, after: Training): void;
  audit: AuditLog;
  artifactDir: string;
  /** The key-encryption key of the artifact data keys: a secret, else a file created on first use. */
  artifactKek: { file: string; secret?: string | undefined };
  /** Lifetime of a training session a site opens for a verified coordinator (at most the identity's status refresh). */
  sessionTtlMs: number;
  /** The coordinator loop's lease (`stateMachine.leaseMs`; default 10 s): the wait before a training whose coordinator died is taken up. */
  leaseMs?: number;
  /** Ends our training transfer with a site once the training is over (the site then closes its session). */
  endTransfer(transferId: string): Promise<void>;
  /** Receipt watch: grace past a deletion deadline, then the wait from inform to suspension. */
  escalation: { graceMs: number; suspendAfterMs: number };
  /** Suspended counterparties: their rounds are refused (site) and not asked for (coordinator). */
  standing: StandingCheck;
  /** Changes written with their audit entries and webhook events in one transaction (connector/outbox). */
  recorder: ChangeRecorder<Stores, OutboxRecord>;
  /** A deletion deadline owed to us passed without a receipt (inform), or the party was suspended. */
  onEscalated?(event: { step: 'inform' | 'suspend'; agreementId: string; counterparty: string; reason: string }): void;
}

/** Federated training in both roles: the site's gated training endpoint and the coordinator. */
export function createFlModule(d: FlModuleDeps): FlModule {
  const sessions = d.stores.siteSessions;
  const trainings = d.stores.trainings;
  const tokens = new RoundTokens({ issuer: d.auth.participantId, clock: d.clock, ids: d.ids, ttlSeconds: 300 });
  const sessionTokens = new TrainingSessionTokens({ clock: d.clock, ttlMs: d.sessionTtlMs });
  const runtime = d.runtime;
  const resolveKey = async (kid: string): Promise<KeyObject | undefined> => {
    if (!runtime) return undefined;
    const resolution = await runtime.resolver.resolve(kid.split('#')[0] ?? '');
    const vm = resolution.ok ? findVerificationMethod(resolution.didDocument, kid) : undefined;
    return vm ? ed25519PublicKey(vm) : undefined;
  };
  const secAgg = runtime ? secAggSite({ identity: () => runtime.signer(), resolveKey }) : undefined;
  const gate = siteGate({
    secAgg,
    sessions,
    privacy: d.stores.privacyLedger,
    tokens,
    agreements: d.stores.agreements,
    engine: d.engine,
    backend: d.backend,
    limits: d.limits,
    siteDid: d.auth.participantId,
    clock: d.clock,
    logger: d.logger,
    findDataset: async (assetId) => (await d.stores.assets.findById(assetId))?.dataAddress,
    signReceipt: runtime ? receiptSigner(() => runtime.signer()) : async () => 'unsigned',
    standing: d.standing,
    record: d.record,
    ...(d.roundRecord ? { commitRound: commitRoundWith(d, d.roundRecord) } : {}),
  });
  const artifactKeys = d.stores.artifactKeys(d.artifactKek);
  const vault = new ArtifactVault(d.artifactDir, artifactKeys, d.clock);
  const duties = d.stores.dutyTimers;
  /** What storing the final model and scheduling its deletion needs, at a training's end and in the recovery. */
  const deletion = { vault, duties, agreements: d.stores.agreements, self: d.auth.participantId, clock: d.clock, logger: d.logger };
  const watch = receiptWatch({
    duties,
    agreements: d.stores.agreements,
    audit: d.audit,
    recorder: d.recorder,
    self: d.auth.participantId,
    clock: d.clock,
    logger: d.logger,
    ...d.escalation,
    inform: (event) => d.onEscalated?.(event),
  });
  const provenance = modelProvenance({
    audit: d.audit,
    runtime,
    auth: d.auth,
    outbound: d.outbound,
    clock: d.clock,
    ids: d.ids,
    logger: d.logger,
    modelHash: (p) => d.backend.modelHash(p),
  });
  /** The after-work of an ended training, at its end and in the recovery (training-after-work.ts). */
  const afterWork = {
    ...deletion,
    claims: d.stores.afterWork,
    owner: d.owner,
    endTransfer: d.endTransfer,
    provenance: runtime ? provenance : undefined,
  };
  const dutyRunner = new DutyRunner({
    duties,
    vault,
    // Every plain copy of model state: the global model, the server optimizer's moments and the tail-averaging sum.
    forgetModel: modelForgetter(trainings),
    audit: d.audit,
    runtime,
    auth: d.auth,
    outbound: d.outbound,
    clock: d.clock,
    ids: d.ids,
    logger: d.logger,
    owner: d.owner,
    watch,
    recover: {
      // One indexed read of the items not done when there is nothing to recover: cheap enough every minute, so that a
      // crashed claimer's work (its lease a minute) is taken up within about two.
      everyMs: AFTER_WORK_RECOVERY_MS,
      run: () =>
        recoverTrainingAfterWork({
          ...afterWork,
          endpointOf: d.endpointOf,
          head: (id) => trainings.findHeadById(id),
          full: (id) => trainings.getById(id),
          busy: (id) => writes.has(id),
        }),
    },
  });
  const ended = (t: Training) => (ENDED_TRAINING_STATES as readonly string[]).includes(t.state);
  const siteSessions = new SiteSessions(d.clock, d.sessionTtlMs);
  const checkpoints = checkpointExchange({ runtime, audit: d.audit, auth: d.auth, outbound: d.outbound, clock: d.clock, logger: d.logger, sessions: siteSessions });
  /** Per training, the chain of artifact writes: each round's encrypted checkpoint, then (at the end) the model and its deletion duties, in order. */
  const writes = new Map<string, Promise<void>>();
  const enqueue = (t: Training, step: () => Promise<unknown>, what: string) => {
    const next = (writes.get(t.id) ?? Promise.resolve()).then(step).then(
      () => undefined,
      (error: unknown) => d.logger.error({ err: error, trainingId: t.id }, `${what} failed`),
    );
    writes.set(t.id, next);
    return next;
  };
  const onChanged = (before: Training, after: Training) => {
    if (after.currentRound > before.currentRound) void enqueue(after, () => storeRoundCheckpoint(vault, after), 'storing the round checkpoint');
    // Every round swaps checkpoints within its evaluation requests; the end of a training (its last entries) once more on its own.
    if (!ended(before) && ended(after) && after.currentRound > 0)
      void checkpoints.swap(after).catch((error: unknown) => d.logger.warn({ err: error, trainingId: after.id }, 'exchanging audit checkpoints failed'));
    if (!ended(before) && ended(after))
      void enqueue(after, () => runTrainingAfterWork(afterWork, after, () => dutyRunner.tick()), 'the after-work of the training').then(() => writes.delete(after.id));
    d.onTrainingChanged?.(before, after);
  };
  const coordinator = new Coordinator({
    store: trainings,
    backend: d.backend,
    auth: d.auth,
    outbound: d.outbound,
    agreements: d.stores.agreements,
    resolveKey,
    clock: d.clock,
    logger: d.logger,
    ids: d.ids,
    window: agreementWindow(d.engine),
    standing: d.standing,
    transferEnded: async (transferId) => {
      const endpoint = await d.endpointOf(transferId);
      return typeof endpoint === 'object' ? endpoint.ended : undefined;
    },
    transferState: async (transferId) => (await d.stores.transfers.findById(transferId))?.state,
    owner: d.owner,
    retry: d.retry,
    startTransfer: d.startTransfer,
    endpointOf: d.endpointOf,
    sessions: siteSessions,
    checkpoints,
    record: coordinatorRecord(d),
    onChanged,
    ...(d.leaseMs === undefined ? {} : { leaseMs: d.leaseMs }),
  });
  const planValidator = new RequestValidator(openApiDocument);
  const siteRouter = siteTrainingRouter({
    gate,
    sessions,
    tokens,
    sessionTokens,
    auth: d.auth,
    modelHash: (p) => d.backend.modelHash(p),
    logger: d.logger,
    acceptReceipt: receiptAcceptance({ runtime, receipts: d.stores.receivedReceipts(d.audit), clock: d.clock }),
    checkpoints: checkpoints.site,
    validatePlan: (plan) => {
      if (typeof plan === 'object' && plan !== null && 'model' in plan) checkModelSpec(plan.model);
      planValidator.validate('TrainingPlan', plan);
    },
    countersign: (session, credential) => provenance.countersign(session, credential),
    secAgg,
  });
  const watchReceipts = async (transferId: string) => {
    secAgg?.close(transferId);
    const session = await sessions.find(transferId);
    if (session) await watch.watch(session);
  };
  return {
    coordinator,
    trainings,
    sessions,
    siteRouter,
    duties,
    dutyRunner,
    provenance,
    vault,
    use: modelUse({
      trainings,
      agreements: d.stores.agreements,
      engine: d.engine,
      audit: d.audit,
      ledger: d.stores.modelUseLedger(d.audit, d.clock),
      clock: d.clock,
      self: d.auth.participantId,
      modelHash: (p) => d.backend.modelHash(p),
    }),
    watchReceipts,
    ready: () => artifactKeys.ready(),
    revokeSessions: () => {
      sessionTokens.revoke();
      siteSessions.clear();
    },
  };
}
