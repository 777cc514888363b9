import type { ParticipantAgent } from '../../policy/index.js';
import { decideAgreement, type AgreementDecision, type AgreementPath } from './agreement-decision.js';
import type { ContractNegotiation, OdrlJson } from './contract-negotiation.js';
import type { NegotiationDeps } from './negotiation-deps.js';
import { moveNegotiation } from './move-negotiation.js';
import { agreementDecisionAuditEntry } from './negotiation-audit.js';
import type { ResolvedOffer } from './offer-resolver.js';

export interface GateInput {
  path: AgreementPath;
  terms: OdrlJson;
  resolved: ResolvedOffer | undefined;
  /** Why the offer does not resolve (when `resolved` is undefined). */
  unavailable?: string;
  agent: ParticipantAgent;
  approved: boolean;
}

/** What a decision does to a provider negotiation that is in REQUESTED or ACCEPTED. */
export function applyAgreementDecision(n: ContractNegotiation, d: AgreementDecision, path: AgreementPath, deps: Pick<NegotiationDeps, 'clock'>): ContractNegotiation {
  switch (d.outcome) {
    case 'agree':
      return { ...moveNegotiation({ ...n, pending: false }, 'AGREEING', d.reason, deps.clock), agreementGrant: { path, at: deps.clock.now(), offer: n.offer } };
    case 'await-approval':
      return { ...n, pending: true };
    case 'counter-offer':
      // DSP: no offer after ACCEPTED. Terms accepted that we no longer stand behind end the negotiation.
      if (n.state === 'ACCEPTED') return applyAgreementDecision(n, { outcome: 'deny', reason: 'the accepted terms are no longer offered' }, path, deps);
      return { ...moveNegotiation({ ...n, pending: false }, 'OFFERING', d.reason, deps.clock), offer: d.offer, providerOffer: { offer: d.offer, byOperator: false } };
    case 'deny':
      return { ...moveNegotiation({ ...n, pending: false }, 'TERMINATING', `agreement refused: ${d.reason}`, deps.clock), terminationReason: d.reason };
  }
}

/**
 * The one gate every transition into AGREEING passes: decides (pure), applies the decision, and reports it for the
 * audit log. The consumer's verified agent is kept on the record so that an operator's approval is decided on it.
 */
export function agreementGate(deps: NegotiationDeps) {
  return {
    /** Decides and applies; returns the next state and the decision to report once it is committed. */
    apply(n: ContractNegotiation, input: GateInput): [ContractNegotiation, AgreementDecisionRecord] {
      const decision = decideAgreement({ negotiation: n, ...input, engine: deps.engine, now: deps.clock.now() });
      const next = { ...applyAgreementDecision(n, decision, input.path, deps), consumerAgent: input.agent };
      const outcome = next.state === 'TERMINATING' ? 'deny' : decision.outcome;
      const reason = next.terminationReason ?? decision.reason;
      const record: AgreementDecisionRecord = {
        negotiationId: n.id,
        counterPartyId: n.counterPartyId,
        path: input.path,
        outcome,
        reason,
        ...(n.assetId ? { assetId: n.assetId } : {}),
      };
      // The decision's audit entry is saved with the negotiation it decides, in one transaction (connector/outbox).
      return [{ ...next, outboxRecords: [{ audit: agreementDecisionAuditEntry(record) }] }, record];
    },
    /** Logs and reports a committed decision (its audit entry was committed with the negotiation). */
    report(record: AgreementDecisionRecord | undefined): void {
      if (!record) return;
      if (record.outcome === 'deny') deps.logger.info({ ...record }, 'agreement refused');
      deps.onDecision?.(record);
    },
  };
}

/** One decision of the gate, as the audit log records it. */
export interface AgreementDecisionRecord {
  negotiationId: string;
  counterPartyId: string;
  path: AgreementPath;
  outcome: AgreementDecision['outcome'];
  reason: string;
  assetId?: string;
}
