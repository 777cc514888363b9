import type { AuditInput } from '../audit/index.js';
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
