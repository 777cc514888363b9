import type { AuditInput } from '../audit/index.js';
import type { AgreementDecisionRecord } from './agreement-gate.js';
import type { ContractNegotiation } from './contract-negotiation.js';
import type { NegotiationEvents } from './negotiation-module.js';

/** The audit entry of a negotiation's state change. */
export function negotiationAuditEntry({ negotiation: n, ...e }: NegotiationEvents['negotiation.stateChanged']): AuditInput {
  return {
    type: 'negotiation',
    actor: n.counterPartyId,
    ...(n.agreementId ? { agreementId: n.agreementId } : {}),
    data: { id: e.id, role: e.role, from: e.from, to: e.to, ...(n.terminationReason ? { reason: n.terminationReason } : {}) },
  };
}

/** The audit entry of a decision of the agreement gate (scope `negotiation`). */
export function agreementDecisionAuditEntry(d: AgreementDecisionRecord): AuditInput {
  const decision = d.outcome === 'deny' ? 'deny' : d.outcome === 'agree' ? 'permit' : d.outcome;
  return {
    type: 'policy.decision',
    actor: d.counterPartyId,
    data: { scope: 'negotiation', negotiationId: d.negotiationId, path: d.path, decision, reason: d.reason, ...(d.assetId ? { assetId: d.assetId } : {}) },
  };
}

/**
 * The audit entry of an operator's approval the agreement gate refused (the offer went stale, the contract policy
 * denies the consumer): a `deny` of the manual-approval path, actor `operator`, marked `approval: refused`, because the
 * negotiation stays as it was (pending) rather than ending as the gate's own denials do.
 */
export function approvalRefusalAuditEntry(n: ContractNegotiation, reason: string): AuditInput {
  return {
    type: 'policy.decision',
    actor: 'operator',
    data: {
      scope: 'negotiation',
      negotiationId: n.id,
      path: 'manual-approval',
      decision: 'deny',
      approval: 'refused',
      reason,
      counterPartyId: n.counterPartyId,
      state: n.state,
      ...(n.assetId ? { assetId: n.assetId } : {}),
    },
  };
}
