import { ConnectorError } from '../../../core/index.js';
import type { AggregationPlan } from '../coordinator/aggregation/aggregation-plan.js';

/**
 * `plan.secureAggregation`: every update is masked (connector/training/secagg/) and the coordinator learns only the sum of
 * the sample-weighted updates; `threshold` t sites must survive a round (and t shares recover a dropped site's masks).
 * Part of the plan, so pinned by `fl:planHash`: the coordinator cannot switch it off without every site refusing.
 */
export interface SecureAggregationPlan {
  threshold: number;
}

const fail = (detail: string): never => {
  throw new ConnectorError('VALIDATION_FAILED', { detail });
};

/** The threshold a plan reports to the policy (`fl:secureAggregation`): 0 when its updates are not masked. */
export function secureAggregationThreshold(plan: { secureAggregation?: SecureAggregationPlan | undefined }): number {
  return plan.secureAggregation?.threshold ?? 0;
}

/**
 * Throws VALIDATION_FAILED naming the problem: an unknown field, a threshold that is not an integer between 2 and the
 * sites of a round, or a robust aggregation strategy (which needs the individual updates secure aggregation hides).
 */
export function checkSecureAggregation(plan: { secureAggregation?: SecureAggregationPlan | undefined; aggregation?: AggregationPlan | undefined }, minSites: number): void {
  const s = plan.secureAggregation;
  if (s === undefined) return;
  const unknown = Object.keys(s).filter((k) => k !== 'threshold');
  if (unknown.length > 0) fail(`plan.secureAggregation has unknown fields: ${unknown.join(', ')}`);
  if (!Number.isInteger(s.threshold) || s.threshold < 2) fail('plan.secureAggregation.threshold must be an integer of at least 2');
  if (s.threshold > minSites) fail(`plan.secureAggregation.threshold ${s.threshold} exceeds minSites ${minSites}: a round with minSites sites could not be unmasked`);
  const strategy = plan.aggregation?.strategy ?? 'fedavg';
  if (strategy !== 'fedavg') fail(`aggregation '${strategy}' needs each site's update in the clear, which secure aggregation hides: choose fedavg or drop plan.secureAggregation`);
}
