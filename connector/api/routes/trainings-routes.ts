import type { Request, Response } from 'express';
import { ConnectorError, toIso } from '../../../core/index.js';
import type { AfterWorkClaims, AfterWorkStatus, Coordinator } from '../../training/index.js';
import { DEFAULT_MAX_MISSED_ROUNDS } from '../../training/index.js';
import type { Training } from '../../training/index.js';
import type { TrainingPlan } from '../../training/index.js';
import type { AgreementStore } from '../../negotiation/index.js';
import type { StateEntityStore } from '../../statemachine/state-entity-store.js';
import { parseListQuery } from '../../http/list-query.js';
import type { RequestValidator } from '../../http/request-validator.js';
import type { RouteDef } from '../../http/route-def.js';

/**
 * A training as the API shows it. `afterWork` (null while the training runs): whether the work after its end (the
 * model stored and its deletion duties scheduled, the sites' transfers ended, the model credential) is done or still
 * owed, with the failed attempts, the last failure and the next attempt.
 */
export function trainingDto(t: Training, afterWork?: AfterWorkStatus): Record<string, unknown> {
  return {
    id: t.id,
    state: t.state,
    purpose: t.purpose,
    planHash: t.planHash,
    rounds: t.rounds,
    currentRound: t.currentRound,
    minSites: t.minSites,
    maxMissedRounds: t.maxMissedRounds ?? DEFAULT_MAX_MISSED_ROUNDS,
    errorDetail: t.errorDetail ?? null,
    sites: t.sites.map((s) => ({
      agreementId: s.agreementId,
      siteDid: s.siteDid,
      transferId: s.transferId ?? null,
      status: s.status,
      reason: s.reason ?? null,
      missedRounds: s.missedRounds ?? 0,
      privacy: s.privacy ?? null,
    })),
    metrics: t.metrics.map((m) => ({
      round: m.round,
      accuracy: m.accuracy,
      loss: m.loss,
      balancedAccuracy: m.balancedAccuracy ?? null,
      macroF1: m.macroF1 ?? null,
      rocAuc: m.rocAuc ?? null,
      modelHash: m.modelHash,
      at: toIso(m.at),
      sites: m.sites,
    })),
    rejectedUpdates: t.rejected,
    scaling: t.scaling ?? null,
    afterWork: afterWork
      ? {
          state: afterWork.done ? 'done' : 'owed',
          attempts: afterWork.attempts,
          lastError: afterWork.lastError ?? null,
          retryAt: afterWork.retryAt === undefined ? null : toIso(afterWork.retryAt),
        }
      : null,
    createdAt: toIso(t.createdAt),
    updatedAt: toIso(t.updatedAt),
  };
}

/** Federated trainings (coordinator role): start over agreements, follow rounds and metrics, stop. */
export function trainingsRoutes(deps: {
  coordinator: Coordinator;
  store: StateEntityStore<Training>;
  afterWork: Pick<AfterWorkClaims, 'statusOf'>;
  agreements: AgreementStore;
  validator: RequestValidator;
  participantId: string;
}): RouteDef[] {
  const start = async (req: Request, res: Response) => {
    const body = deps.validator.validate<{
      agreements: string[];
      plan: TrainingPlan;
      purpose: string;
      rounds: number;
      minSites?: number;
      roundTimeoutMs?: number;
      maxMissedRounds?: number;
    }>('TrainingInput', req.body);
    const agreements = [];
    for (const [i, id] of body.agreements.entries()) {
      const a = await deps.agreements.findById(id);
      if (!a || a.assignee !== deps.participantId || a.status !== 'active') {
        throw new ConnectorError('VALIDATION_FAILED', {
          detail: `agreement '${id}' is not an active agreement of ours as consumer`,
          violations: [{ pointer: `/agreements/${i}`, message: 'not an active agreement of ours' }],
        });
      }
      agreements.push({ agreementId: a.id, siteDid: a.assigner });
    }
    const t = await deps.coordinator.start({
      agreements,
      plan: body.plan,
      purpose: body.purpose,
      rounds: body.rounds,
      ...(body.minSites ? { minSites: body.minSites } : {}),
      ...(body.roundTimeoutMs ? { roundTimeoutMs: body.roundTimeoutMs } : {}),
      ...(body.maxMissedRounds ? { maxMissedRounds: body.maxMissedRounds } : {}),
    });
    res
      .status(201)
      .set('Location', `/api/v1/trainings/${encodeURIComponent(t.id)}`)
      .json({ id: t.id });
  };
  const list = async (req: Request, res: Response) => {
    const q = parseListQuery(req, []);
    const page = await deps.store.list({ offset: q.offset, limit: q.limit });
    res.json({ items: await shown(page.items), total: page.total, offset: q.offset, limit: q.limit });
  };
  /** The trainings as shown, each with its after-work item (read in one query). */
  const shown = async (items: Training[]) => {
    const afterWork = await deps.afterWork.statusOf(items.map((t) => t.id));
    return items.map((t) => trainingDto(t, afterWork.get(t.id)));
  };
  const one = async (t: Training) => (await shown([t]))[0];
  return [
    { method: 'post', path: '/api/v1/trainings', handler: start, body: true },
    { method: 'get', path: '/api/v1/trainings', handler: list, query: true },
    { method: 'get', path: '/api/v1/trainings/{id}', handler: async (req, res) => void res.json(await one(await deps.store.getById(String(req.params.id)))) },
    { method: 'post', path: '/api/v1/trainings/{id}/stop', handler: async (req, res) => void res.json(await one(await deps.coordinator.stop(String(req.params.id)))) },
  ];
}
