import { isConnectorError } from '../../../core/index.js';
import type { TrainingSite } from '../training.js';

/** How many consecutive rounds a site may miss before it is dropped, unless the training says otherwise. */
export const DEFAULT_MAX_MISSED_ROUNDS = 2;

/**
 * What one asked site did in a round: delivered an accepted update, missed it (unreachable, timed out, 5xx: it may
 * come back), or refused it (a policy denial, a bad receipt, a wrong answer: it will not get better by retrying).
 */
export type SiteOutcome = { siteDid: string; delivered: true } | { siteDid: string; delivered: false; missed: boolean; reason: string };

export interface StragglerVerdict {
  /** Every site of the training, with `missedRounds` counted and the rule's drops applied. */
  sites: TrainingSite[];
  delivered: number;
  /** Set when fewer than `minSites` delivered: the round does not close and the training fails with this detail. */
  failure?: string;
}

/** A failure the site may recover from (unavailable: connection refused, timeout, 5xx) counts as a missed round. */
export function isMissedRound(error: unknown): boolean {
  return isConnectorError(error) && error.kind === 'unavailable';
}

/**
 * The coordinator's straggler rule (OpenFL-style minimum reporting): a round closes with the sites that delivered if
 * at least `minSites` did. Each site counts its consecutive missed rounds; a delivered round resets the count; a site
 * that missed `maxMissedRounds` in a row is dropped. A refusing site is dropped at once. Pure: no I/O, no clock.
 */
export function applyStragglerRule(input: {
  round: number;
  sites: readonly TrainingSite[];
  outcomes: readonly SiteOutcome[];
  minSites: number;
  maxMissedRounds: number;
}): StragglerVerdict {
  const { round, outcomes, minSites } = input;
  const maxMissed = Math.max(1, Math.floor(input.maxMissedRounds));
  const sites = input.sites.map((site): TrainingSite => {
    const outcome = outcomes.find((o) => o.siteDid === site.siteDid);
    if (!outcome || site.status !== 'active') return { ...site };
    if (outcome.delivered) return { ...site, missedRounds: 0 };
    const missedRounds = (site.missedRounds ?? 0) + 1;
    if (!outcome.missed) return { ...site, missedRounds, status: 'dropped', reason: outcome.reason };
    if (missedRounds >= maxMissed) {
      return {
        ...site,
        missedRounds,
        status: 'dropped',
        reason: `missed ${missedRounds} consecutive round(s), maxMissedRounds is ${maxMissed} (straggler rule); last: ${outcome.reason}`,
      };
    }
    return { ...site, missedRounds };
  });
  const delivered = outcomes.filter((o) => o.delivered).length;
  if (delivered >= minSites) return { sites, delivered };
  const missing = [
    ...outcomes.flatMap((o) => (o.delivered ? [] : [`${o.siteDid} (${o.missed ? 'missed' : 'refused'}: ${o.reason})`])),
    ...input.sites.filter((s) => s.status === 'dropped').map((s) => `${s.siteDid} (dropped earlier: ${s.reason ?? 'no reason'})`),
  ];
  return {
    sites,
    delivered,
    failure: `round ${round}: ${delivered} of ${outcomes.length} sites delivered, ${minSites} needed (minimum-reporting rule, minSites ${minSites}); missing: ${missing.join('; ') || 'none'}`,
  };
}
