import { ConnectorError } from '../../../core/index.js';
import type { LocalUpdate } from '../training-backend.js';
import type { TrainingPlan } from '../training-plan.js';
import type { SecAggSession } from './secagg-site.js';

/** What the coordinator sends with a fit round of a plan with secure aggregation: its training id and the shares sealed to this site. */
export interface SecAggFit {
  trainingId: string;
  sealed: Record<string, string>;
}

/** Checks, before training, that a fit round of a secure-aggregation plan can be masked; returns its round parameters. */
export function maskedRound(plan: TrainingPlan, round: number, secagg: SecAggFit | undefined, site: SecAggSession | undefined) {
  const threshold = plan.secureAggregation?.threshold;
  if (threshold === undefined) {
    if (secagg !== undefined) throw new ConnectorError('VALIDATION_FAILED', { detail: 'secagg was sent for a plan without secure aggregation' });
    return undefined;
  }
  const valid =
    secagg &&
    typeof secagg.trainingId === 'string' &&
    typeof secagg.sealed === 'object' &&
    secagg.sealed !== null &&
    Object.values(secagg.sealed).every((v) => typeof v === 'string');
  if (!site || !valid)
    throw new ConnectorError('POLICY_DENIED', { detail: 'the plan requires secure aggregation: this site releases its update only masked, never in a plain fit round' });
  return { r: { trainingId: secagg.trainingId, round, threshold }, sealed: secagg.sealed, site };
}

/**
 * The update as it leaves under secure aggregation: already clipped and noised, weighted by its (bucketed) sample
 * count, then masked. The receipt then binds the hash of this masked vector; the count stays visible.
 */
export function maskUpdate(m: NonNullable<ReturnType<typeof maskedRound>>, update: LocalUpdate): LocalUpdate {
  const weighted = update.params.map((x) => x * update.sampleCount);
  return { ...update, params: m.site.maskInput(m.r, weighted, m.sealed) };
}
