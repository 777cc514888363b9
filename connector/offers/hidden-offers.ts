import { toIso, type Clock, type Logger } from '../../core/index.js';
import type { ParticipantAgent } from '../../policy/index.js';
import type { AuditInput } from '../audit/index.js';

/** An access policy kept a requester from the offers of the contract definitions that name it (scope `catalog`). */
export interface HiddenOffers {
  counterparty: string;
  policyId: string;
  policyVersion: number;
  /** Why the policy denied, constraint by constraint (the engine's problem messages). */
  reasons: string[];
  /** A body for `POST /api/v1/policies/evaluate` that reproduces this decision (same policy, requester claims and time). */
  reproduce: { policyId: string; scope: 'catalog'; context: { participantId: string; claims: Record<string, unknown>; now: string } };
}

/** Builds the report of one denial, at `now`. */
export function hiddenOffers(agent: ParticipantAgent, policy: { id: string; version: number }, reasons: string[], now: number): HiddenOffers {
  return {
    counterparty: agent.id,
    policyId: policy.id,
    policyVersion: policy.version,
    reasons,
    reproduce: { policyId: policy.id, scope: 'catalog', context: { participantId: agent.id, claims: { ...agent.claims }, now: toIso(now) } },
  };
}

/**
 * Tells the operator when an access policy hides offers from a requester: a log line and an audit entry, once per
 * (requester, policy version, reasons) within `repeatAfterMs` (a peer's crawler asks every few minutes; the log
 * should say what changed, not repeat it). At most `maxRemembered` recent reports are remembered, oldest dropped.
 */
export function hiddenOffersReporter(deps: {
  clock: Clock;
  logger: Logger;
  record(report: HiddenOffers): void;
  repeatAfterMs?: number;
  maxRemembered?: number;
}): (report: HiddenOffers) => void {
  const repeatAfterMs = deps.repeatAfterMs ?? 60 * 60 * 1000;
  const maxRemembered = deps.maxRemembered ?? 10_000;
  const reported = new Map<string, number>();
  return (report) => {
    const key = JSON.stringify([report.counterparty, report.policyId, report.policyVersion, report.reasons]);
    const now = deps.clock.now();
    const last = reported.get(key);
    if (last !== undefined && now - last < repeatAfterMs) return;
    reported.delete(key);
    reported.set(key, now);
    if (reported.size > maxRemembered) reported.delete(reported.keys().next().value as string);
    const { counterparty, policyId, policyVersion, reasons } = report;
    deps.logger.info({ counterparty, policyId, policyVersion, reasons }, 'an access policy hides offers from a requester');
    deps.record(report);
  };
}

/** The audit entry of offers hidden from a requester (the catalog's policy decision, scope `catalog`). */
export function hiddenOfferEntry(report: HiddenOffers): AuditInput {
  return { type: 'policy.decision', actor: report.counterparty, data: { scope: 'catalog', decision: 'deny', ...report } as never };
}
