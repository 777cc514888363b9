import type { AuditInput } from '../audit/index.js';
import type { ContractAgreement } from '../negotiation/index.js';
import type { TransferEvents } from './transfer-module.js';

/** The audit entry of a transfer's state change. */
export function transferAuditEntry({ transfer: t, ...e }: TransferEvents['transfer.stateChanged']): AuditInput {
  return {
    type: 'transfer',
    actor: t.counterPartyId,
    agreementId: t.agreementId,
    data: { id: e.id, role: e.role, from: e.from, to: e.to, type: t.transferType, ...(t.terminationReason ? { reason: t.terminationReason } : {}) },
  };
}

/** The audit entry of a transfer the contract policy refused (scope `transfer`), at its request or its resume. */
export function transferDenialEntry(d: {
  agreement: Pick<ContractAgreement, 'id' | 'assetId'>;
  counterPartyId: string;
  occasion: 'request' | 'resume';
  reason: string;
  purpose?: string | undefined;
}): AuditInput {
  return {
    type: 'policy.decision',
    actor: d.counterPartyId,
    agreementId: d.agreement.id,
    data: {
      scope: 'transfer',
      decision: 'deny',
      occasion: d.occasion,
      assetId: d.agreement.assetId,
      reason: d.reason,
      ...(d.purpose ? { purpose: d.purpose } : {}),
    },
  };
}
