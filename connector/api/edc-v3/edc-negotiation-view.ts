import type { ContractAgreement } from '../../negotiation/index.js';
import type { ContractNegotiation } from '../../negotiation/index.js';
import { policyToEdc } from './edc-policy.js';

/** A negotiation as EDC's `ContractNegotiation` (Kontor's states carry EDC's names already). */
export function negotiationToEdc(n: ContractNegotiation): Record<string, unknown> {
  return {
    '@id': n.id,
    '@type': 'ContractNegotiation',
    type: n.role === 'consumer' ? 'CONSUMER' : 'PROVIDER',
    protocol: 'dataspace-protocol-http:2025-1',
    state: n.state,
    counterPartyId: n.counterPartyId,
    counterPartyAddress: n.counterPartyAddress,
    callbackAddresses: [],
    ...(n.agreementId ? { contractAgreementId: n.agreementId } : {}),
    ...((n.errorDetail ?? n.terminationReason) ? { errorDetail: n.errorDetail ?? n.terminationReason } : {}),
    createdAt: n.createdAt,
  };
}

/**
 * An agreement as EDC's `ContractAgreement` (signing date in epoch seconds, as EDC gives it). A revoked one also has
 * Kontor's revocation fields, each only when known, as /api/v1 has them: `revokedAt` (epoch milliseconds, as
 * `createdAt`), `revokedBy` (the participant that revoked) and `revocationReason`.
 */
export function agreementToEdc(a: ContractAgreement): Record<string, unknown> {
  return {
    '@id': a.id,
    '@type': 'ContractAgreement',
    assetId: a.assetId,
    policy: policyToEdc(a.policy),
    contractSigningDate: Math.floor(a.signedAt / 1000),
    consumerId: a.assignee,
    providerId: a.assigner,
    status: a.status,
    ...(a.revokedAt === undefined ? {} : { revokedAt: a.revokedAt }),
    ...(a.revokedBy === undefined ? {} : { revokedBy: a.revokedBy }),
    ...(a.revocationReason === undefined ? {} : { revocationReason: a.revocationReason }),
    createdAt: a.signedAt,
  };
}
