import type { TransferDeps } from '../transfer-deps.js';
import type { TransferProcess } from '../transfer-process.js';

/**
 * Provider: the transfer ends under an agreement revoked here (by the operator, or voided), whatever ended it first
 * (the revocation, the policy monitor, another replica): its termination then says so with AGREEMENT_REVOKED_CODE.
 */
export async function revokedHere(deps: Pick<TransferDeps, 'agreements'>, t: TransferProcess): Promise<boolean> {
  if (t.role !== 'provider') return false;
  return (await deps.agreements.findById(t.agreementId))?.status === 'revoked';
}

/**
 * Consumer: the transfer was requested at the address the agreement was negotiated with, where its provider answered.
 * A refusal from any other address (an operator's `counterPartyAddress`) is not the provider's word on the agreement.
 */
export async function atNegotiatedAddress(deps: Pick<TransferDeps, 'agreements' | 'negotiations'>, t: TransferProcess): Promise<boolean> {
  const agreement = await deps.agreements.findById(t.agreementId);
  const negotiation = agreement && (await deps.negotiations.findById(agreement.negotiationId));
  return negotiation !== undefined && negotiation.counterPartyAddress.replace(/\/+$/, '') === t.counterPartyAddress;
}
