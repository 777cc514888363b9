import type { AuditInput } from '../audit/index.js';

/** The audit entry of the policy monitor ending a transfer whose agreement no longer allows it. */
export function policyMonitorEntry(transfer: { id: string; agreementId: string }, reason: string): AuditInput {
  return { type: 'policy.decision', actor: 'policy-monitor', agreementId: transfer.agreementId, data: { transferId: transfer.id, decision: 'deny', reason } };
}
