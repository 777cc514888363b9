import { ConnectorError, type Clock } from '../../core/index.js';
import type { AuditLog } from '../audit/index.js';
import { checkCredentialProof, checkValidityPeriod, type IdentityRuntime } from '../identity/index.js';
import type { ReceiptSession } from './model-artifacts.js';
import { proofValueOf, receiptCoverage, receivedReceipts } from './received-receipts.js';

/** Clock skew allowed between the coordinator and us when checking a receipt's dates. */
export const RECEIPT_SKEW_MS = 5 * 60_000;

const refuse = (detail: string) => new ConnectorError('FORBIDDEN', { detail });

/**
 * The site's side of a deletion receipt: proof, issuer = the coordinator, type, agreement, validity window and
 * `deletedAt` (not in the future, with a small skew), at least one deleted artifact, and bound to this session's
 * transfer (`credentialSubject.transfer`); then into its audit log, which the receipt watch reads. A credential id
 * received before is refused, except the very same receipt again for the same transfer (a coordinator retrying a
 * delivery whose answer it lost): that changes nothing and records nothing.
 */
export function receiptAcceptance(deps: { runtime: IdentityRuntime | undefined; audit: AuditLog; clock: Clock; skewMs?: number }) {
  const skew = deps.skewMs ?? RECEIPT_SKEW_MS;
  const serial = serialPerKey();
  return async (session: ReceiptSession, receipt: Record<string, unknown>): Promise<void> => {
    if (!deps.runtime) throw new ConnectorError('FORBIDDEN', { detail: 'receipts need a DCP identity to verify' });
    const now = deps.clock.now();
    const problems = await checkCredentialProof(receipt, deps.runtime.documentLoader, now);
    const subject = receipt.credentialSubject as { agreement?: unknown; deletedArtifacts?: unknown; deletedAt?: unknown } | undefined;
    const types = Array.isArray(receipt.type) ? receipt.type : [receipt.type];
    if (problems.length > 0) throw refuse(`the receipt does not verify: ${problems.join('; ')}`);
    if (receipt.issuer !== session.coordinatorDid) throw refuse('the receipt was not issued by the coordinator');
    if (!types.includes('DeletionReceiptCredential') || subject?.agreement !== session.agreementId) throw refuse('not a deletion receipt for this agreement');
    const outside = checkValidityPeriod(receipt, now, skew);
    if (outside) throw refuse(`the receipt is not valid now: ${outside}`);
    const deletedAt = typeof subject.deletedAt === 'string' ? Date.parse(subject.deletedAt) : Number.NaN;
    if (!Number.isFinite(deletedAt)) throw refuse('the receipt has no deletedAt date-time');
    if (deletedAt > now + skew) throw refuse(`the receipt says the deletion happens later (${String(subject.deletedAt)})`);
    if (!Array.isArray(subject.deletedArtifacts) || subject.deletedArtifacts.length === 0) throw refuse('the receipt lists no deleted artifacts');
    const covers = receiptCoverage(receipt);
    if (covers.transfer !== session.transferId) throw refuse(`the receipt covers another training transfer (${covers.transfer ?? 'none named'}), not ${session.transferId}`);
    // Seen-check and append one at a time per agreement: two deliveries of one receipt at once record it once.
    await serial(session.agreementId, async () => {
      const seen = (await receivedReceipts(deps.audit, session.agreementId)).find((r) => r.id === receipt.id);
      if (seen) {
        if (seen.transfer === session.transferId && seen.proofValue === proofValueOf(receipt)) return;
        throw refuse(`the receipt ${String(receipt.id)} was received before`);
      }
      await deps.audit.append({
        type: 'deletion',
        actor: session.coordinatorDid,
        agreementId: session.agreementId,
        data: { receipt: receipt as never, receivedFrom: session.coordinatorDid },
      });
    });
  };
}

/** Runs `work` after the previous work of the same key has settled (within this process). */
function serialPerKey(): <T>(key: string, work: () => Promise<T>) => Promise<T> {
  const tails = new Map<string, Promise<unknown>>();
  return (key, work) => {
    const run = (tails.get(key) ?? Promise.resolve()).then(work, work);
    const tail = run.catch(() => undefined);
    tails.set(key, tail);
    void tail.then(() => {
      if (tails.get(key) === tail) tails.delete(key);
    });
    return run;
  };
}
