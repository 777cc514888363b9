import { describe, expect, it } from 'vitest';
import type { ContractAgreement } from '../../negotiation/index.js';
import { agreementToEdc } from './edc-negotiation-view.js';

const SIGNED = Date.parse('2026-01-01T00:00:00Z');
const active: ContractAgreement = {
  id: 'urn:uuid:a1',
  negotiationId: 'urn:uuid:n1',
  assigner: 'did:web:provider.test',
  assignee: 'did:web:consumer.test',
  assetId: 'asset-1',
  policy: { '@type': 'Agreement', permission: [{ action: 'use' }] },
  signedAt: SIGNED,
  status: 'active',
};

describe('the EDC v3 view of an agreement', () => {
  it('shows who revoked it, when (epoch milliseconds, as createdAt) and why, as /api/v1 does', () => {
    const revokedAt = SIGNED + 60_000;
    const view = agreementToEdc({ ...active, status: 'revoked', revokedAt, revokedBy: 'did:web:provider.test', revocationReason: 'kontor:agreement-revoked; gone' });
    expect(view).toMatchObject({
      '@type': 'ContractAgreement',
      status: 'revoked',
      revokedAt,
      revokedBy: 'did:web:provider.test',
      revocationReason: 'kontor:agreement-revoked; gone',
      createdAt: SIGNED,
    });
  });

  it('shows only what is known: no reason for a revocation through our own API, no revocation fields on an active agreement', () => {
    const own = agreementToEdc({ ...active, status: 'revoked', revokedAt: SIGNED + 1, revokedBy: 'did:web:consumer.test' });
    expect(own).toMatchObject({ status: 'revoked', revokedAt: SIGNED + 1, revokedBy: 'did:web:consumer.test' });
    expect(own).not.toHaveProperty('revocationReason');
    const view = agreementToEdc(active);
    expect(view).toMatchObject({ status: 'active' });
    for (const field of ['revokedAt', 'revokedBy', 'revocationReason']) expect(view).not.toHaveProperty(field);
  });
});
