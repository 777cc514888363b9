import type { AuditInput } from '../audit/index.js';
import type { AgreementDecisionRecord } from './agreement-gate.js';
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
