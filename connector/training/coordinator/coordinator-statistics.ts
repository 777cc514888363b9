import { ConnectorError } from '../../../core/index.js';
import { ask, attempt, type CoordinatorDeps } from './coordinator-round.js';
import { pooledScaling } from './pooled-scaling.js';
import { statisticsProblem } from '../answer-checks.js';
import { isSiteSuspension } from './site-suspension.js';
import { applyStragglerRule, DEFAULT_MAX_MISSED_ROUNDS, type SiteOutcome } from './straggler-rule.js';
import type { Training } from '../training.js';
import type { FeatureStatistics } from '../training-backend.js';

/** A training that standardizes federatedly and has no pooled scaling yet: statistics come before round 1. */
export const needsStatistics = (t: Training): boolean => t.plan.standardize === 'federated' && !t.scaling && t.currentRound === 0;

/**
 * Federated scaling: each active site is asked, through its gate (round token, policy with `fl:statistics`, signed
 * receipt), for the count, mean and variance of each input column of its training rows; the coordinator pools them
 * into the scaling every later round brings. A site that does not deliver is dropped, except one whose training
 * transfer is suspended (site-suspension.ts): it is left out of the pooling and missed a round (the straggler rule
 * counts it), and once resumed it trains with the pooled scaling like every other site (one scaling for all: the model
 * stays consistent; the scaling is then that of the delivering sites' rows). Each site that did not deliver is in
 * `rejected` with round 0. With fewer than minSites delivering, the training fails before round 1.
 */
export async function gatherStatistics(t: Training, deps: CoordinatorDeps): Promise<Training> {
  const active = t.sites.filter((s) => s.status === 'active');
  const suspended = new Set<string>();
  const results = await Promise.all(
    active.map((site) =>
      attempt(
        site,
        async (): Promise<FeatureStatistics> => {
          const answer = await ask(site, t, 1, 'statistics', t.global, deps).catch((error: unknown) => {
            if (isSiteSuspension(error)) suspended.add(site.siteDid);
            throw error;
          });
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
  // Only a suspension counts as missed here; any other failure drops the site, as it always did before round 1.
  const outcomes = results.map(
    (r): SiteOutcome =>
      r.ok
        ? { siteDid: r.site.siteDid, delivered: true }
        : { siteDid: r.site.siteDid, delivered: false, missed: suspended.has(r.site.siteDid), reason: `feature statistics: ${r.reason}` },
  );
  const { sites } = applyStragglerRule({ round: 0, sites: t.sites, outcomes, minSites: t.minSites, maxMissedRounds: t.maxMissedRounds ?? DEFAULT_MAX_MISSED_ROUNDS });
  const failed = results.flatMap((r) => (r.ok ? [] : [r]));
  const rejected = [...t.rejected, ...outcomes.flatMap((o) => (o.delivered ? [] : [{ siteDid: o.siteDid, round: 0, reason: o.reason }]))];
  const delivered = results.flatMap((r) => (r.ok ? [r.value] : []));
  if (delivered.length < t.minSites) {
    return {
      ...t,
      sites,
      rejected,
      failure: `feature statistics from ${delivered.length} sites, ${t.minSites} needed (${failed.map((f) => `${f.site.siteDid}: ${f.reason}`).join('; ')})`,
    };
  }
  return { ...t, sites, rejected, scaling: pooledScaling(delivered) };
}
