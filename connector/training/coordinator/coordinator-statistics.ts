import { ConnectorError } from '../../../core/index.js';
import { ask, attempt, type CoordinatorDeps } from './coordinator-round.js';
import { pooledScaling } from './pooled-scaling.js';
import { statisticsProblem } from '../answer-checks.js';
import type { Training } from '../training.js';
import type { FeatureStatistics } from '../training-backend.js';

/** A training that standardizes federatedly and has no pooled scaling yet: statistics come before round 1. */
export const needsStatistics = (t: Training): boolean => t.plan.standardize === 'federated' && !t.scaling && t.currentRound === 0;

/**
 * Federated scaling: each active site is asked, through its gate (round token, policy with `fl:statistics`, signed
 * receipt), for the count, mean and variance of each input column of its training rows; the coordinator pools them
 * into the scaling every later round brings. A site that does not deliver is dropped; with fewer than minSites left
 * the training fails before round 1.
 */
export async function gatherStatistics(t: Training, deps: CoordinatorDeps): Promise<Training> {
  const active = t.sites.filter((s) => s.status === 'active');
  const results = await Promise.all(
    active.map((site) =>
      attempt(
        site,
        async (): Promise<FeatureStatistics> => {
          const answer = await ask(site, t, 1, 'statistics', t.global, deps);
          // A count that is not positive, or a mean or variance that is not a finite number, would skew (or void) the pooled scaling.
          const problem = statisticsProblem(answer.statistics, t.plan.features.length);
          if (problem || !answer.statistics) throw new ConnectorError('FORBIDDEN', { detail: problem ?? 'no feature statistics returned' });
          return answer.statistics;
        },
        t.roundTimeoutMs,
      ),
    ),
  );
  await deps.record(
    results.map((r) => ({
      trainingId: t.id,
      agreementId: r.site.agreementId,
      round: 0,
      siteDid: r.site.siteDid,
      accepted: r.ok,
      reason: r.ok ? 'feature statistics accepted' : `feature statistics: ${r.reason}`,
    })),
  );
  const failed = new Map(results.flatMap((r) => (r.ok ? [] : [[r.site.siteDid, r.reason] as const])));
  const sites = t.sites.map((s) => (failed.has(s.siteDid) ? { ...s, status: 'dropped' as const, reason: `feature statistics: ${failed.get(s.siteDid) ?? ''}` } : s));
  const delivered = results.flatMap((r) => (r.ok ? [r.value] : []));
  if (delivered.length < t.minSites) {
    return { ...t, sites, failure: `feature statistics from ${delivered.length} sites, ${t.minSites} needed (${[...failed].map(([did, why]) => `${did}: ${why}`).join('; ')})` };
  }
  return { ...t, sites, scaling: pooledScaling(delivered) };
}
