import { DspCodedError } from '../http/dsp-error-code.js';
import type { ContractAgreement } from '../negotiation/index.js';
import { peerRejectionOf } from '../peer/peer-rejection.js';
import type { TransferProcess } from './transfer-process.js';

/**
 * The `code` of a TransferTerminationMessage a provider sends when the transfer ends because its agreement is revoked,
 * and of its TransferError when it refuses a transfer request for that reason (the prose goes on in `reason`).
 * Stable: a consumer marks its own record of the agreement revoked on it.
 */
export const AGREEMENT_REVOKED_CODE = 'kontor:agreement-revoked';

/** The prose of the provider's refusal of a transfer under a revoked agreement (the DSP TransferError's reason). */
export const revokedAgreementDetail = (agreementId: string): string => `agreement '${agreementId}' is revoked`;

/** The provider's refusal of a transfer under a revoked agreement: FORBIDDEN, its TransferError's code AGREEMENT_REVOKED_CODE. */
export const revokedAgreementRefusal = (agreementId: string): DspCodedError =>
  new DspCodedError('FORBIDDEN', AGREEMENT_REVOKED_CODE, { detail: revokedAgreementDetail(agreementId) });

/**
 * Whether an error of our TransferRequestMessage for `agreementId` is the provider's refusal for a revoked agreement:
 * a 403 whose TransferError has the code AGREEMENT_REVOKED_CODE, whatever its prose. Fallback for Kontor providers
 * older than that code (their TransferError's code is the HTTP status): a 403 whose reason is exactly
 * `revokedAgreementDetail` of this agreement. The fallback can go once no such provider is left.
 */
export function isRevocationRefusal(error: unknown, agreementId: string): boolean {
  const rejection = peerRejectionOf(error);
  if (rejection?.status !== 403) return false;
  if (rejection.peerCode === AGREEMENT_REVOKED_CODE) return true;
  return rejection.detail?.endsWith(` answered 403: ${revokedAgreementDetail(agreementId)}`) === true;
}

/**
 * Whether a revocation signal on transfer `t` may mark agreement `a` revoked here: only on the consumer's own transfer
 * of that agreement, sent by the agreement's provider (the DSP routes have checked that the sender is the transfer's
 * counterparty), to us, its consumer. A peer cannot revoke an agreement it does not provide, nor one of another transfer.
 */
export function mayLearnRevocation(t: TransferProcess, a: ContractAgreement | undefined, self: string): a is ContractAgreement {
  return t.role === 'consumer' && a !== undefined && a.id === t.agreementId && a.assigner === t.counterPartyId && a.assignee === self;
}
