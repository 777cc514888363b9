import { ConnectorError, type Clock } from '../../../core/index.js';

/**
 * When a round may close (OpenFL's cut-off-time rule with a minimum, plus a hard timeout):
 * - every expected site reported → close at once;
 * - after `cutoffMs`, at least `minSites` reported → close with those (stragglers are left out);
 * - after `timeoutMs` (≥ cutoff) with fewer than `minSites` → fail the round cleanly;
 * - otherwise wait until `nextCheckAt`. A dead site therefore cannot stall a round forever.
 */
export interface StragglerPolicy {
  readonly expectedSites: number;
  readonly minSites: number;
  readonly cutoffMs: number;
  readonly timeoutMs: number;
}

export type RoundDecision =
  | { decision: 'close'; reason: 'all-reported' | 'cutoff-reached' }
  | { decision: 'wait'; nextCheckAt: number }
  | { decision: 'fail'; reason: 'too-few-sites' };

export function validateStragglerPolicy(p: StragglerPolicy): void {
  const ok = Number.isInteger(p.minSites) && p.minSites >= 1 && p.minSites <= p.expectedSites && p.cutoffMs >= 0 && p.timeoutMs >= p.cutoffMs;
  if (!ok) throw new ConnectorError('VALIDATION_FAILED', { detail: 'straggler policy needs 1 ≤ minSites ≤ expectedSites and 0 ≤ cutoffMs ≤ timeoutMs' });
}

export function decideRound(p: StragglerPolicy, state: { startedAt: number; now: number; reported: number }): RoundDecision {
  const elapsed = state.now - state.startedAt;
  if (state.reported >= p.expectedSites) return { decision: 'close', reason: 'all-reported' };
  if (elapsed >= p.cutoffMs && state.reported >= p.minSites) return { decision: 'close', reason: 'cutoff-reached' };
  if (elapsed >= p.timeoutMs) return { decision: 'fail', reason: 'too-few-sites' };
  const next = state.reported >= p.minSites ? p.cutoffMs : elapsed < p.cutoffMs ? p.cutoffMs : p.timeoutMs;
  return { decision: 'wait', nextCheckAt: state.startedAt + next };
}

/** The same rule bound to an injected clock and the round's start. */
export class RoundTimer {
  readonly startedAt: number;
  constructor(private readonly policy: StragglerPolicy, private readonly clock: Clock, startedAt?: number) {
    validateStragglerPolicy(policy);
    this.startedAt = startedAt ?? clock.now();
  }
  decide(reported: number): RoundDecision {
    return decideRound(this.policy, { startedAt: this.startedAt, now: this.clock.now(), reported });
  }
}
