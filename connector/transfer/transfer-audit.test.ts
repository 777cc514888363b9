import { describe, expect, it } from 'vitest';
import { transferAuditEntry } from './transfer-audit.js';
import type { TransferProcess } from './transfer-process.js';

const t = (fields: Partial<TransferProcess> = {}) =>
  ({ id: 't-1', role: 'provider', counterPartyId: 'did:web:consumer', agreementId: 'a-1', transferType: 'HttpData-PUSH', ...fields }) as TransferProcess;
const change = (transfer: TransferProcess, from: string | null, to: string) => ({ id: transfer.id, role: transfer.role, from, to, at: 0, transfer });

describe('transferAuditEntry', () => {
  it('records a state change by the counterparty under the agreement, with the transfer type', () => {
    expect(transferAuditEntry(change(t(), 'REQUESTED', 'STARTING'))).toEqual({
      type: 'transfer',
      actor: 'did:web:consumer',
      agreementId: 'a-1',
      data: { id: 't-1', role: 'provider', from: 'REQUESTED', to: 'STARTING', type: 'HttpData-PUSH' },
    });
  });

  it('adds the termination reason when there is one', () => {
    expect(transferAuditEntry(change(t({ terminationReason: 'agreement revoked' }), 'STARTED', 'TERMINATED')).data).toEqual({
      id: 't-1',
      role: 'provider',
      from: 'STARTED',
      to: 'TERMINATED',
      type: 'HttpData-PUSH',
      reason: 'agreement revoked',
    });
  });
});
