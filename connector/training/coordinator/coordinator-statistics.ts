import { ConnectorError } from '../../../core/index.js';
import { ask, attempt, type CoordinatorDeps } from './coordinator-round.js';
import { pooledScaling } from './pooled-scaling.js';
import { statisticsProblem } from '../answer-checks.js';
import { applyStragglerRule, DEFAULT_MAX_MISSED_ROUNDS, type SiteOutcome } from './straggler-rule.js';
import type { Training } from '../training.js';
import type { FeatureStatistics } from '../training-backend.js';

/** A training that standardizes federatedly and has no pooled scaling yet: statistics come before round 1. */
export const needsStatistics = (t: Training): boolean => t.plan.standardize === 'federated' && !t.scaling && t.currentRound === 0;

/**
 * Federated scaling: each active site is asked, through its gate (round token, policy with `fl:statistics`, signed
 * receipt), for the count, mean and variance of each input column of its training rows; the coordinator pools them
 * into the scaling every later round brings. A site that refuses (a policy denial, a bad answer or receipt, an ended
 * transfer) is dropped; one that is unreachable, times out or whose training transfer is suspended (site-suspension.ts)
 * is left out of the pooling and missed a round, as in any round (the straggler rule counts it), and once back it
 * trains with the pooled scaling like every other site (one scaling for all: the model stays consistent; the scaling
 * is then that of the delivering sites' rows). Each site that did not deliver is in `rejected` with round 0. With fewer than minSites delivering, the training fails before round 1.
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
  // As in a round: a site unreachable, timed out or suspended missed it (attempt() says which); a refusal drops it.
  const outcomes = results.map(
    (r): SiteOutcome =>
      r.ok ? { siteDid: r.site.siteDid, delivered: true } : { siteDid: r.site.siteDid, delivered: false, missed: r.missed, reason: `feature statistics: ${r.reason}` },
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
