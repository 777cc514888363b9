import { ConnectorError, type Clock } from '../../core/index.js';
import { checkCredentialProof, checkValidityPeriod, type IdentityRuntime } from '../identity/index.js';
import { listedArtifactsProblem } from './listed-artifacts.js';
import type { ReceiptSession } from './model-artifacts.js';
import type { ReceiptLedger } from './receipt-ledger.js';
import { proofValueOf, receiptCoverage } from './received-receipts.js';

/** Clock skew allowed between the coordinator and us when checking a receipt's dates. */
export const RECEIPT_SKEW_MS = 5 * 60_000;

const refuse = (detail: string) => new ConnectorError('FORBIDDEN', { detail });

/**
 * The site's side of a deletion receipt: proof, issuer = the coordinator, type, agreement, validity window and
 * `deletedAt` (not in the future, with a small skew), at least one deleted artifact and a list that can be true
 * (listed-artifacts.ts: stored artifacts with their hashes, or round updates released and never stored), bound to this session's
 * transfer (`credentialSubject.transfer`), with a credential id; then kept (`receipts`: one per agreement and credential
 * id, enforced by the store) with its entry in the audit log, which the receipt watch reads. A credential id received
 * before is refused, except the very same receipt again for the same transfer (a coordinator retrying a delivery
 * whose answer it lost, or two copies of it arriving at two replicas at once): that changes nothing and records nothing.
 */
export function receiptAcceptance(deps: { runtime: IdentityRuntime | undefined; receipts: ReceiptLedger; clock: Clock; skewMs?: number }) {
  const skew = deps.skewMs ?? RECEIPT_SKEW_MS;
  return async (session: ReceiptSession, receipt: Record<string, unknown>): Promise<void> => {
    if (!deps.runtime) throw new ConnectorError('FORBIDDEN', { detail: 'receipts need a DCP identity to verify' });
    const now = deps.clock.now();
    const problems = await checkCredentialProof(receipt, deps.runtime.documentLoader, now);
    const subject = receipt.credentialSubject as { agreement?: unknown; deletedArtifacts?: unknown; deletionMethod?: unknown; deletedAt?: unknown } | undefined;
    const types = Array.isArray(receipt.type) ? receipt.type : [receipt.type];
    if (problems.length > 0) throw refuse(`the receipt does not verify: ${problems.join('; ')}`);
    if (receipt.issuer !== session.coordinatorDid) throw refuse('the receipt was not issued by the coordinator');
    if (!types.includes('DeletionReceiptCredential') || subject?.agreement !== session.agreementId) throw refuse('not a deletion receipt for this agreement');
    const outside = checkValidityPeriod(receipt, now, skew);
    if (outside) throw refuse(`the receipt is not valid now: ${outside}`);
    const deletedAt = typeof subject.deletedAt === 'string' ? Date.parse(subject.deletedAt) : Number.NaN;
    if (!Number.isFinite(deletedAt)) throw refuse('the receipt has no deletedAt date-time');
    if (deletedAt > now + skew) throw refuse(`the receipt says the deletion happens later (${String(subject.deletedAt)})`);
    const listing = listedArtifactsProblem(subject);
    if (listing) throw refuse(listing);
    const covers = receiptCoverage(receipt);
    if (covers.transfer !== session.transferId) throw refuse(`the receipt covers another training transfer (${covers.transfer ?? 'none named'}), not ${session.transferId}`);
    if (typeof receipt.id !== 'string' || receipt.id === '') throw refuse('the receipt has no credential id (it tells a repeated delivery from another receipt)');
    const pv = proofValueOf(receipt);
    const identity = { agreementId: session.agreementId, receiptId: receipt.id, transferId: session.transferId, proofValue: typeof pv === 'string' ? pv : null };
    // The store refuses a second row for the id, also when two deliveries arrive at two replicas at the same moment.
    const outcome = await deps.receipts.keep(identity, {
      type: 'deletion',
      actor: session.coordinatorDid,
      agreementId: session.agreementId,
      data: { receipt: receipt as never, receivedFrom: session.coordinatorDid },
    });
    if (outcome.kept) return;
    if (outcome.earlier.transferId === identity.transferId && outcome.earlier.proofValue === identity.proofValue) return;
    throw refuse(`the receipt ${receipt.id} was received before`);
  };
}
