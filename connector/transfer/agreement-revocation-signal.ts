import type { ContractAgreement } from '../negotiation/index.js';
import type { TransferProcess } from './transfer-process.js';

/**
 * The `code` of a TransferTerminationMessage a provider sends when the transfer ends because its agreement is revoked
 * (the prose reason goes on in `reason`). Stable: a consumer marks its own record of the agreement revoked on it.
 */
export const AGREEMENT_REVOKED_CODE = 'kontor:agreement-revoked';

/** The provider's refusal of a transfer under a revoked agreement (FORBIDDEN; the DSP TransferError's reason). */
export const revokedAgreementDetail = (agreementId: string): string => `agreement '${agreementId}' is revoked`;

/**
 * Whether an error of our TransferRequestMessage is the provider's refusal for a revoked agreement: a 403 whose
 * reason is exactly `revokedAgreementDetail` of this agreement (the DSP TransferError has no code of its own for it).
 */
export function isRevocationRefusal(error: unknown, agreementId: string): boolean {
  const e = error as { code?: unknown; detail?: unknown } | undefined;
  return e?.code === 'PEER_REJECTED' && typeof e.detail === 'string' && e.detail.endsWith(` answered 403: ${revokedAgreementDetail(agreementId)}`);
}

/**
 * Whether a revocation signal on transfer `t` may mark agreement `a` revoked here: only on the consumer's own transfer
 * of that agreement, sent by the agreement's provider (the DSP routes have checked that the sender is the transfer's
 * counterparty), to us, its consumer. A peer cannot revoke an agreement it does not provide, nor one of another transfer.
 */
export function mayLearnRevocation(t: TransferProcess, a: ContractAgreement | undefined, self: string): a is ContractAgreement {
  return t.role === 'consumer' && a !== undefined && a.id === t.agreementId && a.assigner === t.counterPartyId && a.assignee === self;
}
