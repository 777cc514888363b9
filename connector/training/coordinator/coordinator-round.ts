import { ConnectorError, isConnectorError, type Clock, type Logger } from '../../../core/index.js';
import type { KeyObject } from 'node:crypto';
import type { AgreementStore } from '../../negotiation/index.js';
import type { OutboundPolicy } from '../../http/outbound/index.js';
import type { PeerAuth } from '../../peer/peer-auth.js';
import { callSite, openedSession, type SiteSessions } from './round-call.js';
import type { Training, TrainingSite } from '../training.js';
import type { Evaluation, FeatureStatistics, LocalUpdate, TrainingBackend } from '../training-backend.js';
import { roundMetrics } from './round-metrics.js';
import { evaluationProblem, updateProblem } from '../answer-checks.js';
import type { RoundTask } from '../round-token.js';
import { statisticsHash } from '../statistics-hash.js';
import { applyStragglerRule, DEFAULT_MAX_MISSED_ROUNDS, isMissedRound } from './straggler-rule.js';
import { suspensionAsMissed } from './site-suspension.js';
import { requireCallable } from './site-callable.js';
import { verifyReceipt } from '../update-receipts.js';
import { siteTransferIdOf } from '../training-flows.js';
import { boundUpdate, updateBound } from '../update-bound.js';
import type { ContractAgreement } from '../../negotiation/index.js';
import { aggregateUpdates } from './aggregation/aggregate-updates.js';
import { secureFits } from '../secagg/secure-round.js';
import { serverOptimizerStep } from './aggregation/server-optimizer.js';
import { tailAverageStep } from './aggregation/tail-average.js';
import { privacyOfReceipt, withSitePrivacy, type SitePrivacy } from '../privacy/site-privacy-status.js';
import { isSignedAuditCheckpoint, type SignedAuditCheckpoint } from '../../audit/index.js';

export interface CoordinatorDeps {
  /** Our own reading of the agreement's time window (row 11: checked on both sides); the reason when closed. */
  window?(agreement: ContractAgreement, now: number): string | undefined;
  /** Why our training transfer with a site has ended (terminated, completed), or undefined while it runs. */
  transferEnded?(transferId: string): Promise<string | undefined>;
  /** Our training transfer's state: while suspended the site is not called, it misses the round (site-suspension.ts). */
  transferState?(transferId: string): Promise<string | undefined>;
  /** Throws (FORBIDDEN) when the site is suspended: it is not asked for rounds. */
  standing?(participantId: string): Promise<void>;
  backend: TrainingBackend;
  auth: PeerAuth;
  /** Sites' training endpoints (from their transfers) pass this policy. */
  outbound: OutboundPolicy;
  agreements: AgreementStore;
  resolveKey(kid: string): Promise<KeyObject | undefined>;
  clock: Clock;
  logger: Logger;
  /** The coordinator's decisions on the sites' answers of one step (a round's updates), recorded together in this order. */
  record(entries: readonly CoordinatorDecision[]): Promise<void>;
  /** The training sessions sites opened for us (decision 0028); without it every round request carries a new DCP token. */
  sessions?: SiteSessions;
  /** The audit-checkpoint exchange that rides on a round's evaluation requests and answers (decision 0033); none without it. */
  checkpoints?: RoundCheckpoints;
}

/** A site's signed checkpoint of its audit log, as the coordinator received it. */
export interface ReceivedCheckpoint {
  site: TrainingSite;
  checkpoint: SignedAuditCheckpoint;
}

export interface RoundCheckpoints {
  /** Our signed checkpoint of our own log, or undefined when we have nothing to sign with. */
  mine(): Promise<SignedAuditCheckpoint | undefined>;
  /** Keeps the sites' checkpoints of one round in our log, in one append. */
  keep(round: number, received: readonly ReceivedCheckpoint[]): Promise<void>;
}

/** The coordinator's decision on one site's answer: accepted, or refused with the reason. */
export interface CoordinatorDecision {
  trainingId: string;
  agreementId: string;
  round: number;
  siteDid: string;
  accepted: boolean;
  reason: string;
}

export type SiteResult<T> = { site: TrainingSite; ok: true; value: T } | { site: TrainingSite; ok: false; missed: boolean; reason: string };

/**
 * One federated round: every active site gets a round token and trains (in parallel, bounded by the round
 * timeout); each update is accepted only with a valid signed receipt for this round and model, from a site whose
 * membership still verifies. The straggler rule then decides: the round closes with the sites that delivered if at
 * least minSites did (FedAvg over them, then federated evaluation of the new model); otherwise the training fails
 * and keeps the global model of the last completed round (no partial aggregation). `round` is the number asked for:
 * the one after the last completed round unless a round was lost (round-in-flight.ts).
 */
export async function runRound(t: Training, deps: CoordinatorDeps, round = t.currentRound + 1): Promise<Training> {
  const active = t.sites.filter((s) => s.status === 'active');
  const secure = t.plan.secureAggregation ? await secureFits(t, round, active, deps, (site, secagg) => fitAt(site, t, round, deps, { secagg })) : undefined;
  const fits = secure?.fits ?? (await Promise.all(active.map((site) => attempt(site, () => fitAt(site, t, round, deps), t.roundTimeoutMs))));
  await deps.record(
    fits.map((r) => ({ trainingId: t.id, agreementId: r.site.agreementId, round, siteDid: r.site.siteDid, accepted: r.ok, reason: r.ok ? 'update accepted' : r.reason })),
  );
  const rejected = [...t.rejected, ...fits.flatMap((r) => (r.ok ? [] : [{ siteDid: r.site.siteDid, round, reason: r.reason }]))];
  const verdict = applyStragglerRule({
    round,
    sites: t.sites,
    minSites: t.minSites,
    maxMissedRounds: t.maxMissedRounds ?? DEFAULT_MAX_MISSED_ROUNDS,
    outcomes: fits.map((r) => (r.ok ? { siteDid: r.site.siteDid, delivered: true } : { siteDid: r.site.siteDid, delivered: false, missed: r.missed, reason: r.reason })),
  });
  const sites = withSitePrivacy(
    verdict.sites,
    fits.flatMap((r) => (r.ok ? [{ siteDid: r.site.siteDid, privacy: r.value.privacy }] : [])),
  );
  if (verdict.failure) return { ...t, sites, rejected, failure: verdict.failure };
  const accepted = fits.filter((r): r is Extract<SiteResult<FitResult>, { ok: true }> => r.ok);
  // Masked updates cannot be norm-bounded here: under secure aggregation only the sites' own clipping bounds them.
  const bounded = accepted.map((r) => {
    if (secure) return { r, bound: Number.NaN, params: r.value.params, norm: Number.NaN, clipped: false };
    const bound = updateBound(t.plan, t.global.length, r.value.noiseMultiplier);
    return { r, bound, ...boundUpdate(t.global, r.value.params, bound) };
  });
  for (const b of bounded.filter((x) => x.clipped))
    deps.logger.warn({ trainingId: t.id, siteDid: b.r.site.siteDid, round, norm: b.norm, bound: b.bound }, 'an update exceeded the norm bound and was scaled down');
  let averaged: number[];
  try {
    // Every update here passed fitAt's checks (shape, finite numbers, a positive count): what still fails is the round's, named.
    averaged = secure
      ? await secure.finish(accepted)
      : aggregateUpdates(
          t.plan.aggregation,
          bounded.map((b) => ({ params: b.params, sampleCount: b.r.value.sampleCount })),
          deps.backend,
        );
  } catch (error) {
    return { ...t, sites, rejected, failure: `round ${round}: the aggregation failed: ${reasonOf(error)}` };
  }
  const adaptive = t.plan.aggregation?.strategy === 'fedadam' || t.plan.aggregation?.strategy === 'fedyogi';
  const stepped = adaptive && t.plan.aggregation ? serverOptimizerStep(t.plan.aggregation, t.global, averaged, t.serverOptimizer) : undefined;
  const tail = tailAverageStep(t.plan.aggregation?.tailAverage, t.rounds, round, stepped?.params ?? averaged, t.tailAverage); // the last round's: the tail's mean
  const global = tail.global;
  // Our checkpoint (of a log that holds this round's decisions) goes out with the evaluation requests; each site answers with its own.
  const mine = await deps.checkpoints?.mine();
  const globalHash = deps.backend.modelHash(global); // what every evaluation receipt must name, hashed once
  const evals = await Promise.all(
    sites.filter((s) => s.status === 'active').map((site) => attempt(site, () => evaluateAt(site, t, round, global, deps, mine, globalHash), t.roundTimeoutMs)),
  );
  // An evaluation whose numbers cannot be true (a rate outside [0, 1], a negative loss, a count that is not positive) is
  // the site's fault, like a refused update: recorded, and the site is dropped; the others' evaluations still count.
  const refused = evals.flatMap((r) => {
    const why = r.ok ? evaluationProblem(r.value.evaluation) : undefined;
    return why ? [{ site: r.site, reason: `PEER_REJECTED: ${why}` }] : [];
  });
  if (refused.length > 0)
    await deps.record(refused.map((x) => ({ trainingId: t.id, agreementId: x.site.agreementId, round, siteDid: x.site.siteDid, accepted: false, reason: x.reason })));
  const refusedBy = new Map(refused.map((x) => [x.site.siteDid, x.reason]));
  const answered = evals.filter((r): r is Extract<SiteResult<EvaluationAnswer>, { ok: true }> => r.ok && !refusedBy.has(r.site.siteDid));
  await keepCheckpoints(deps, t, round, answered);
  const metrics = roundMetrics({
    round,
    modelHash: globalHash,
    at: deps.clock.now(),
    evaluated: answered.map((r) => ({ siteDid: r.site.siteDid, evaluation: r.value.evaluation })),
    fits: bounded.map(({ r, norm, clipped }) => ({ siteDid: r.site.siteDid, sampleCount: r.value.sampleCount, trainAccuracy: r.value.metrics.accuracy, norm, clipped })),
  });
  return {
    ...t,
    sites: sites.map((s) => {
      const reason = refusedBy.get(s.siteDid);
      return reason ? { ...s, status: 'dropped', reason } : s;
    }),
    rejected: [...rejected, ...refused.map((x) => ({ siteDid: x.site.siteDid, round, reason: x.reason }))],
    global,
    ...(stepped ? { serverOptimizer: stepped.state } : {}),
    tailAverage: tail.state,
    currentRound: round,
    metrics: [...t.metrics, metrics],
    checkpoints: [...t.checkpoints, { round, modelHash: metrics.modelHash, at: metrics.at }],
  };
}

const reasonOf = (error: unknown) => (isConnectorError(error) ? `${error.code}: ${error.detail ?? error.message}` : String(error));

export async function attempt<T>(site: TrainingSite, run: () => Promise<T>, timeoutMs: number): Promise<SiteResult<T>> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ConnectorError('PEER_UNAVAILABLE', { detail: `timed out after ${timeoutMs} ms` })), timeoutMs);
  });
  try {
    return { site, ok: true, value: await Promise.race([run(), timeout]) };
  } catch (caught) {
    const error = suspensionAsMissed(caught);
    return { site, ok: false, missed: isMissedRound(error), reason: reasonOf(error) };
  } finally {
    clearTimeout(timer);
  }
}

interface RoundAnswer {
  applied?: { noiseMultiplier?: number | undefined };
  privacy?: SitePrivacy | undefined;
  update?: LocalUpdate;
  evaluation?: Evaluation;
  checkpoint?: unknown;
  statistics?: FeatureStatistics;
  receipt: string;
  identityToken?: string;
  session?: unknown;
}

export async function ask(
  site: TrainingSite,
  t: Training,
  round: number,
  task: RoundTask,
  global: number[],
  deps: CoordinatorDeps,
  extra: Record<string, unknown> = {},
  /** The hash of `global`, when the caller has it already (an evaluation receipt names it). */
  globalHash?: string,
): Promise<RoundAnswer> {
  await requireCallable(site, deps);
  const endpoint = site.endpoint ?? '';
  const { answer, viaSession } = await callSite<RoundAnswer>(
    deps,
    site.siteDid,
    endpoint,
    'rounds',
    { round, task, purpose: t.purpose, plan: t.plan, global, ...(t.scaling ? { scaling: t.scaling } : {}), ...extra },
    t.roundTimeoutMs,
  );
  const session = openedSession(answer);
  // The site's live membership: its identity token, verified; within a session (opened by an answer whose token
  // verified, at most our own lifetime ago) the site may leave it out, and its signed receipt still binds the answer.
  if (answer.identityToken !== undefined || !viaSession) {
    const agent = await deps.auth.authenticate(`Bearer ${answer.identityToken}`).catch(() => undefined);
    if (agent?.id !== site.siteDid) throw new ConnectorError('FORBIDDEN', { detail: 'the site could not prove a live membership' });
  }
  const receipt = await verifyReceipt(answer.receipt, site.siteDid, deps.resolveKey);
  const stats = answer.statistics;
  const expectedHash =
    task === 'fit'
      ? deps.backend.modelHash(answer.update?.params ?? [])
      : task === 'statistics'
        ? stats
          ? statisticsHash(deps.backend, stats)
          : ''
        : (globalHash ?? deps.backend.modelHash(global));
  const count = task === 'fit' ? answer.update?.sampleCount : task === 'statistics' ? stats?.sampleCount : answer.evaluation?.sampleCount;
  if (
    receipt.agreementId !== site.agreementId ||
    receipt.transferId !== siteTransferIdOf(endpoint) ||
    receipt.round !== round ||
    receipt.task !== task ||
    receipt.updateHash !== expectedHash ||
    receipt.sampleCount !== count
  ) {
    throw new ConnectorError('FORBIDDEN', { detail: 'the update receipt does not match this round, training, agreement, update or sample count (stale or forged)' });
  }
  // Kept only from an answer that verified in full: a replayed or forged answer opens nothing.
  if (session) deps.sessions?.keep(endpoint, session);
  const { session: _opened, ...rest } = answer;
  return { ...rest, applied: { noiseMultiplier: receipt.noiseMultiplier }, privacy: privacyOfReceipt(receipt) };
}

/** An accepted update, with the noise multiplier its site signed that it applied (for the norm bound). */
type FitResult = LocalUpdate & { noiseMultiplier?: number | undefined; privacy?: SitePrivacy | undefined };

async function fitAt(site: TrainingSite, t: Training, round: number, deps: CoordinatorDeps, extra: Record<string, unknown> = {}): Promise<FitResult> {
  const answer = await ask(site, t, round, 'fit', t.global, deps, extra);
  const problem = updateProblem(answer.update, t.global.length);
  if (problem || !answer.update) throw new ConnectorError('PEER_REJECTED', { detail: problem ?? 'no update returned' });
  return { ...answer.update, noiseMultiplier: answer.applied?.noiseMultiplier, privacy: answer.privacy };
}

/** A site's evaluation of the new global model, with its audit checkpoint when we sent ours. */
interface EvaluationAnswer {
  evaluation: Evaluation;
  checkpoint?: SignedAuditCheckpoint | undefined;
}

async function evaluateAt(
  site: TrainingSite,
  t: Training,
  round: number,
  global: number[],
  deps: CoordinatorDeps,
  mine: SignedAuditCheckpoint | undefined,
  globalHash: string,
): Promise<EvaluationAnswer> {
  const answer = await ask(site, t, round, 'evaluate', global, deps, mine ? { checkpoint: mine } : {}, globalHash);
  if (!answer.evaluation) throw new ConnectorError('PEER_REJECTED', { detail: 'no evaluation returned' });
  if (answer.checkpoint !== undefined && !isSignedAuditCheckpoint(answer.checkpoint))
    throw new ConnectorError('PEER_REJECTED', { detail: 'the site answered a malformed audit checkpoint' });
  return { evaluation: answer.evaluation, checkpoint: answer.checkpoint };
}

/** The sites' checkpoints of this round, kept in our log; a failure to keep them is logged and does not undo the round. */
async function keepCheckpoints(deps: CoordinatorDeps, t: Training, round: number, answered: readonly { site: TrainingSite; value: EvaluationAnswer }[]) {
  const received = answered.flatMap((r) => (r.value.checkpoint ? [{ site: r.site, checkpoint: r.value.checkpoint }] : []));
  try {
    if (received.length > 0) await deps.checkpoints?.keep(round, received);
  } catch (error) {
    deps.logger.warn({ err: error, trainingId: t.id, round }, 'keeping the sites’ audit checkpoints failed');
  }
}
