import { randomUUID } from 'node:crypto';
import { ConnectorError, type Clock, type Logger } from '../../../core/index.js';
import type { ParticipantAgent, PolicyEngine } from '../../../policy/index.js';
import type { AgreementStore } from '../../negotiation/index.js';
import { parsedAgreementPolicies } from '../../negotiation/index.js';
import type { RoundGrant, RoundTask, RoundTokens } from '../round-token.js';
import type { SiteSession, SiteSessionStore } from './site-session.js';
import type { FeatureStatistics, LocalUpdate, TrainingBackend } from '../training-backend.js';
import { planHash, type TrainingPlan } from '../training-plan.js';
import { statisticsHash } from '../statistics-hash.js';
import { requireFiniteStatistics, requireFiniteUpdate, requireSampleCount, requireSound } from './finite-release.js';
import { evaluationProblem, updateProblem } from '../answer-checks.js';
import type { UpdateReceipt } from '../update-receipts.js';
import type { StandingCheck } from '../../peer/standing-check.js';
import type { BudgetedRound } from '../privacy/privacy-budget.js';
import type { PrivacyLedger } from '../privacy/privacy-ledger.js';
import { chargePrivacyBudget, checkPrivacyBudget, receiptPrivacy } from '../privacy/site-privacy.js';
import { secureAggregationThreshold } from '../secagg/secure-aggregation-plan.js';
import type { secAggSite } from '../secagg/secagg-site.js';
import { maskedRound, maskUpdate, type SecAggFit } from '../secagg/masked-release.js';
import type { AuditHead, AuditInput } from '../../audit/index.js';

export interface RoundRequest {
  round: number;
  task: RoundTask;
  purpose: string;
  plan: TrainingPlan;
  global: number[];
  /** Federated scaling (`plan.standardize: federated`): the pooled mean and deviation per input column, after the statistics. */
  scaling?: { mean: number[]; std: number[] };
  /** Fit rounds of a plan with secure aggregation: the training id and the shares sealed to this site. */
  secagg?: SecAggFit;
}

/** The plan a site trains with: a federated plan gets the pooled scaling the round brought (its hash was checked as agreed). */
function effectivePlan(request: RoundRequest): TrainingPlan {
  const s = request.scaling;
  if (request.plan.standardize !== 'federated' || !s) return request.plan;
  const width = request.plan.features.length;
  if (s.mean.length !== width || s.std.length !== width || ![...s.mean, ...s.std].every(Number.isFinite) || !s.std.every((v) => v > 0))
    deny('the pooled scaling does not fit the plan (one finite mean and positive deviation per feature)');
  return { ...request.plan, scaling: s };
}

export interface SiteGateDeps {
  sessions: SiteSessionStore;
  tokens: RoundTokens;
  agreements: AgreementStore;
  engine: PolicyEngine;
  backend: TrainingBackend;
  findDataset(assetId: string): Promise<Record<string, unknown> | undefined>;
  signReceipt(receipt: UpdateReceipt): Promise<string>;
  /** The site's own floor: the coordinator can only make these stricter. */
  limits: { maxClipNorm: number; minNoiseMultiplier: number; maxModelNorm?: number; sampleCountBucket?: number };
  siteDid: string;
  /** ε spent per agreement (fl:epsilon budgets); without it, a round under a budget is refused. */
  privacy?: PrivacyLedger;
  /** This site's side of secure aggregation (connector/training/secagg/); without it, plans with it are refused. */
  secAgg?: ReturnType<typeof secAggSite> | undefined;
  /** Refuses rounds for a suspended coordinator. */
  standing?: StandingCheck;
  clock: Clock;
  logger: Logger;
  /** Every decision, allowed or denied, with its reason (the audit log). */
  record(decision: RoundDecision): Promise<void>;
  /**
   * Serves the round's bookkeeping (`work`: the session's counter, the privacy charge) and records the allowed
   * decision in one transaction, so a crash cannot leave a served round without its entry (decision 0031).
   * Without it, `work` runs on `sessions` and `privacy` and the decision is recorded after. `also`: entries appended in
   * the same transaction after the decision's (a received audit checkpoint, decision 0033). Resolves to the head the
   * appended entries made (undefined when none was appended in it).
   */
  commitRound?(
    work: (on: { sessions: SiteSessionStore; privacy: PrivacyLedger | undefined }) => Promise<void>,
    allowed: RoundDecision,
    also: readonly AuditInput[],
  ): Promise<AuditHead | undefined>;
}

/** One decision of the gate on a round request. */
export interface RoundDecision {
  transferId: string;
  agreementId?: string;
  round: number;
  task: string;
  allowed: boolean;
  reason: string;
  caller: string;
  modelHash?: string;
  clipNorm?: number;
  noiseMultiplier?: number;
}

type Decided = {
  grant: RoundGrant;
  dataset: Record<string, unknown>;
  clipNorm: number;
  noise: number;
  plan: TrainingPlan;
  statistics?: FeatureStatistics;
  privacy?: BudgetedRound | undefined;
  masked?: ReturnType<typeof maskedRound>;
};

/** The grant of a round asked for without a round token: exactly what the verified caller's request says. */
const requestGrant = (session: SiteSession, agent: ParticipantAgent, request: RoundRequest, globalModelHash: string): RoundGrant => ({
  sub: agent.id,
  agreementId: session.agreementId,
  transferId: session.transferId,
  purpose: request.purpose,
  round: request.round,
  task: request.task,
  globalModelHash,
  jti: `request:${randomUUID()}`,
  exp: 0,
});

const deny = (reason: string): never => {
  throw new ConnectorError('POLICY_DENIED', { detail: reason });
};

/**
 * The site's per-round enforcement point (docs/federated-training.md, the exchange): caller and session, the round's
 * grant (a single-use round token, or the verified request itself) bound to agreement, purpose, round and global-model
 * hash, the agreement still live, the plan hash, the contract policy in
 * scope `training.round` (purpose, window, round budget, samples, epochs, clip and noise), then the atomic round
 * counter; only then local training, with the stricter of the site's and the policy's clipping and noise.
 */
export function siteGate(deps: SiteGateDeps) {
  const agreedPolicy = parsedAgreementPolicies(deps.engine);
  async function check(session: SiteSession, agent: ParticipantAgent, token: string | undefined, request: RoundRequest, opened?: { purpose: string }): Promise<Decided> {
    const modelHash = deps.backend.modelHash(request.global);
    // Without a round token (one request per round, decision 0028) the grant is the request itself, from the verified
    // caller (for the purpose its training session was opened for); its id is fresh, so replays are met by the round
    // counter alone (a round at or below the last served one is refused).
    const grant = token ? await deps.tokens.verify(token, agent.id) : requestGrant(session, agent, { ...request, purpose: opened?.purpose ?? request.purpose }, modelHash);
    if (grant.transferId !== session.transferId || grant.agreementId !== session.agreementId) deny('the round token is for another training');
    if (grant.round !== request.round || grant.task !== request.task) deny('the round token is for another round or task');
    if (grant.purpose !== request.purpose) deny(token ? 'the round token was issued for another purpose' : 'the training session was opened for another purpose');
    if (grant.globalModelHash !== modelHash) deny('the global model differs from the one the token was issued for');
    if (request.global.length !== deps.backend.initialParams(request.plan).length) deny('the global model does not fit the plan');
    const modelNorm = Math.sqrt(request.global.reduce((s, v) => s + v * v, 0));
    if (deps.limits.maxModelNorm !== undefined && !(modelNorm <= deps.limits.maxModelNorm))
      deny(`the global model's norm ${modelNorm.toPrecision(4)} exceeds this site's bound ${deps.limits.maxModelNorm} (training.maxModelNorm)`);
    const agreement = await deps.agreements.findById(session.agreementId);
    if (agreement?.status !== 'active') deny('the agreement is no longer active');
    await deps.standing?.(agent.id).catch((error: unknown) => deny((error as ConnectorError).detail ?? String(error)));
    // Rounds only move forward; a later round than the next one is served (a site that missed rounds rejoins), and the
    // round budget below counts the rounds served, not the round numbers.
    const served = request.task === 'fit' ? session.lastRound : request.task === 'evaluate' ? session.lastEvaluation : 0;
    if (request.task === 'statistics' && session.lastRound > 0) deny('feature statistics are served before round 1 only');
    if (request.round <= served) deny(`round ${request.round} was already served or is older than the last served round ${served} (no replaying rounds)`);
    // An evaluation is of the round this session trained last, once (above): never of a model beyond the rounds served,
    // so the round budget bounds the evaluations too (else each would read held-out rows' labels through a chosen model).
    if (request.task === 'evaluate' && request.round !== session.lastRound)
      deny(`an evaluation is served for the training round this session served last (${session.lastRound || 'none yet'}) only, not round ${request.round}`);
    // A plan with secure aggregation never gets a plain update: only masked ones leave (connector/training/secagg/).
    const masked = request.task === 'fit' ? maskedRound(request.plan, request.round, request.secagg, deps.secAgg?.session(session.transferId)) : undefined;
    const dataset = (await deps.findDataset(session.assetId)) ?? deny('the training data set is gone');
    const plan = effectivePlan(request);
    const statistics = request.task === 'statistics' ? await deps.backend.statistics({ plan, dataset }) : undefined;
    if (statistics) requireFiniteStatistics(statistics, plan);
    if (statistics) requireSampleCount(statistics.sampleCount, 'feature statistics');
    const sampleCount = statistics ? statistics.sampleCount : await deps.backend.sampleCount(plan, dataset);
    const clipNorm = Math.min(deps.limits.maxClipNorm, request.plan.clipNorm ?? deps.limits.maxClipNorm);
    const noise = Math.max(deps.limits.minNoiseMultiplier, request.plan.noiseMultiplier ?? deps.limits.minNoiseMultiplier);
    const policy = agreement ? agreedPolicy(agreement) : deny('the agreement is no longer active');
    const privacy = await checkPrivacyBudget(deps.privacy, policy, {
      agreementId: session.agreementId,
      task: request.task,
      sampleCount,
      plan: request.plan,
      clipNorm,
      noiseMultiplier: noise,
      dpSgd: deps.backend.dpSgd,
    });
    const evaluation = deps.engine.evaluate(policy, {
      scope: 'training.round',
      agent,
      now: deps.clock.now(),
      target: session.assetId,
      purpose: request.purpose,
      agreementStart: agreement?.signedAt ?? 0,
      roundCount: request.task === 'fit' ? await deps.sessions.roundsUnderAgreement(session.agreementId) : 0,
      training: {
        taskType: `fl:${request.task}`,
        planHash: planHash(request.plan),
        localEpochs: request.plan.localEpochs,
        sampleCount,
        clipNorm,
        noiseMultiplier: noise,
        ...(privacy ? { epsilon: privacy.after.epsilon, delta: privacy.delta } : {}),
        secureAggregation: secureAggregationThreshold(request.plan),
      },
    });
    if (!evaluation.allowed) deny(evaluation.problems.map((p) => `${p.constraint}: ${p.message}`).join('; ') || 'the contract policy denies this round');
    return { grant, dataset, clipNorm, noise, plan, ...(statistics ? { statistics } : {}), privacy, masked };
  }

  return {
    async runRound(
      session: SiteSession,
      agent: ParticipantAgent,
      token: string | undefined,
      request: RoundRequest,
      /** The training session the request came with, if any (its purpose binds the round). */
      opened?: { purpose: string },
      /**
       * Audit entries to append with an allowed round, in its transaction (decision 0033). With `commitRound` they are,
       * and the result's `head` is the head they made; without it they are not appended and there is no `head`.
       */
      also: readonly AuditInput[] = [],
    ): Promise<{ update?: LocalUpdate; evaluation?: { sampleCount: number; accuracy: number; loss: number }; statistics?: FeatureStatistics; receipt: string; head?: AuditHead }> {
      let decided: Decided;
      let head: AuditHead | undefined;
      const base = { transferId: session.transferId, agreementId: session.agreementId, round: request.round, task: request.task, caller: agent.id };
      try {
        const d = await check(session, agent, token, request, opened);
        decided = d;
        const serve = async (on: { sessions: SiteSessionStore; privacy: PrivacyLedger | undefined }) => {
          if (!(await on.sessions.advance(session.transferId, request.round, d.grant.jti, request.task, session)))
            deny(`round ${request.round} was already served or is older than the last served round (replayed token or concurrent request)`);
          if (request.task === 'fit' && d.privacy) await chargePrivacyBudget(on.privacy, session.agreementId, d.privacy);
        };
        // The model this round was served on and the clipping and noise applied: what the site later countersigns (model-result/).
        const allowed = {
          ...base,
          allowed: true,
          reason: 'all round checks passed',
          modelHash: d.grant.globalModelHash,
          ...(request.task === 'fit' ? { clipNorm: d.clipNorm, noiseMultiplier: d.noise } : {}),
        };
        if (deps.commitRound) head = await deps.commitRound(serve, allowed, also);
        else {
          await serve({ sessions: deps.sessions, privacy: deps.privacy });
          await deps.record(allowed);
        }
      } catch (error) {
        await deps.record({ ...base, allowed: false, reason: (error as ConnectorError).detail ?? String(error) });
        throw error;
      }
      const receipt = (updateHash: string, sampleCount: number, applied: { clipNorm?: number; noiseMultiplier?: number } = {}) =>
        deps.signReceipt({
          site: deps.siteDid,
          agreementId: session.agreementId,
          transferId: session.transferId,
          round: request.round,
          task: request.task,
          updateHash,
          sampleCount,
          ...applied,
          ...receiptPrivacy(decided.privacy),
          at: deps.clock.isoNow(),
        });
      // Row 7 (site size): what leaves is the count rounded to the site's bucket, never below one bucket.
      const bucket = Math.max(1, deps.limits.sampleCountBucket ?? 1);
      const coarse = (n: number) => (bucket === 1 ? n : Math.max(bucket, Math.round(n / bucket) * bucket));
      if (decided.statistics) {
        const statistics = { ...decided.statistics, sampleCount: coarse(decided.statistics.sampleCount) };
        return { statistics, receipt: await receipt(statisticsHash(deps.backend, statistics), statistics.sampleCount), ...(head ? { head } : {}) };
      }
      if (request.task === 'evaluate') {
        const exact = await deps.backend.evaluateLocally({ plan: decided.plan, dataset: decided.dataset, global: request.global });
        requireSampleCount(exact.sampleCount, 'evaluation');
        requireSound(evaluationProblem(exact));
        const evaluation = { ...exact, sampleCount: coarse(exact.sampleCount) };
        // The grant's model hash is the hash of request.global: check() refused the round otherwise.
        return { evaluation, receipt: await receipt(decided.grant.globalModelHash, evaluation.sampleCount), ...(head ? { head } : {}) };
      }
      const trained = await deps.backend.trainLocally({
        plan: decided.plan,
        dataset: decided.dataset,
        global: request.global,
        clipNorm: decided.clipNorm,
        noiseMultiplier: decided.noise,
        // Public (the coordinator's plan): the mini-batch order only. The noise and DP-SGD's sampling are the site's secret (secure-random.ts).
        seed: request.plan.seed + request.round,
        ...(decided.privacy ? { dpSgd: true } : {}),
      });
      requireFiniteUpdate(trained, decided.plan);
      requireSampleCount(trained.sampleCount, 'local update');
      requireSound(updateProblem(trained, trained.params.length));
      const coarsened = { ...trained, sampleCount: coarse(trained.sampleCount) };
      const update = decided.masked ? maskUpdate(decided.masked, coarsened) : coarsened;
      return {
        update,
        receipt: await receipt(deps.backend.modelHash(update.params), update.sampleCount, { clipNorm: decided.clipNorm, noiseMultiplier: decided.noise }),
        ...(head ? { head } : {}),
      };
    },
  };
}
