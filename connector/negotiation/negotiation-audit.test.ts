import { describe, expect, it } from 'vitest';
import type { AgreementDecisionRecord } from './agreement-gate.js';
import type { ContractNegotiation } from './contract-negotiation.js';
import { agreementDecisionAuditEntry, negotiationAuditEntry } from './negotiation-audit.js';

const n = (fields: Partial<ContractNegotiation> = {}) => ({ id: 'n-1', role: 'provider', counterPartyId: 'did:web:consumer', ...fields }) as ContractNegotiation;
const change = (negotiation: ContractNegotiation, from: string | null, to: string) => ({ id: negotiation.id, role: negotiation.role, from, to, at: 0, negotiation });

describe('negotiation audit entries', () => {
  it('a state change: by the counterparty, with the agreement and the termination reason when there are', () => {
    expect(negotiationAuditEntry(change(n(), null, 'REQUESTED'))).toEqual({
      type: 'negotiation',
      actor: 'did:web:consumer',
      data: { id: 'n-1', role: 'provider', from: null, to: 'REQUESTED' },
    });
    expect(negotiationAuditEntry(change(n({ agreementId: 'a-1', terminationReason: 'late' }), 'AGREED', 'TERMINATED'))).toEqual({
      type: 'negotiation',
      actor: 'did:web:consumer',
      agreementId: 'a-1',
      data: { id: 'n-1', role: 'provider', from: 'AGREED', to: 'TERMINATED', reason: 'late' },
    });
  });

  it.each([
    ['agree', 'permit'],
    ['deny', 'deny'],
    ['await-approval', 'await-approval'],
    ['counter-offer', 'counter-offer'],
  ] as const)('a gate decision %s is recorded as a policy decision "%s" in scope negotiation', (outcome, decision) => {
    const record: AgreementDecisionRecord = { negotiationId: 'n-1', counterPartyId: 'did:web:consumer', path: 'accepted-offer', outcome, reason: 'why', assetId: 'asset-1' };
    expect(agreementDecisionAuditEntry(record)).toEqual({
      type: 'policy.decision',
      actor: 'did:web:consumer',
      data: { scope: 'negotiation', negotiationId: 'n-1', path: 'accepted-offer', decision, reason: 'why', assetId: 'asset-1' },
    });
  });

  it('leaves out the asset a decision does not name', () => {
    expect(agreementDecisionAuditEntry({ negotiationId: 'n-1', counterPartyId: 'c', path: 'initial-request', outcome: 'deny', reason: 'r' }).data).not.toHaveProperty('assetId');
  });
});
