import { ConnectorError, type Clock } from '../../core/index.js';
import type { AuditLog } from '../audit/index.js';
import { checkCredentialProof, type IdentityRuntime } from '../identity/index.js';
import type { ReceiptSession } from './model-artifacts.js';

/** The site's side of a deletion receipt: proof, issuer = the coordinator, type, agreement; then into its audit log. */
export function receiptAcceptance(deps: { runtime: IdentityRuntime | undefined; audit: AuditLog; clock: Clock }) {
  return async (session: ReceiptSession, receipt: Record<string, unknown>): Promise<void> => {
    if (!deps.runtime) throw new ConnectorError('FORBIDDEN', { detail: 'receipts need a DCP identity to verify' });
    const problems = await checkCredentialProof(receipt, deps.runtime.documentLoader, deps.clock.now());
    const subject = receipt.credentialSubject as { agreement?: unknown } | undefined;
    const types = Array.isArray(receipt.type) ? receipt.type : [receipt.type];
    if (problems.length > 0) throw new ConnectorError('FORBIDDEN', { detail: `the receipt does not verify: ${problems.join('; ')}` });
    if (receipt.issuer !== session.coordinatorDid) throw new ConnectorError('FORBIDDEN', { detail: 'the receipt was not issued by the coordinator' });
    if (!types.includes('DeletionReceiptCredential') || subject?.agreement !== session.agreementId)
      throw new ConnectorError('FORBIDDEN', { detail: 'not a deletion receipt for this agreement' });
    await deps.audit.append({
      type: 'deletion',
      actor: session.coordinatorDid,
      agreementId: session.agreementId,
      data: { receipt: receipt as never, receivedFrom: session.coordinatorDid },
    });
  };
}
