import { toIso } from '../../core/index.js';
import type { TransferDeps } from './transfer-deps.js';
import type { TransferProcess } from './transfer-process.js';
import { mayLearnRevocation } from './agreement-revocation-signal.js';

type Deps = Pick<TransferDeps, 'agreements' | 'recorder' | 'auth' | 'clock' | 'logger'>;

/**
 * The consumer learned from the provider of transfer `t` that its agreement is revoked: our record of the agreement is
 * marked revoked, by the provider (its DID), with `reason`, so that no new transfer starts under it here. Only when
 * `mayLearnRevocation` allows it (anything else is logged and changes nothing). The first such revocation commits with
 * its `agreement.revocation` audit entry (actor: the provider) in one transaction (the recorder's outbox), so a crash
 * cannot leave the one without the other; an agreement revoked already changes nothing and records nothing.
 */
export async function learnRevocation(deps: Deps, t: TransferProcess, reason: string): Promise<void> {
  const held = await deps.agreements.findById(t.agreementId);
  if (!mayLearnRevocation(t, held, deps.auth.participantId)) {
    deps.logger.warn(
      { transferId: t.id, agreementId: t.agreementId, counterPartyId: t.counterPartyId },
      'a revocation signal from a party that does not provide the agreement to us: ignored',
    );
    return;
  }
  if (held.status !== 'active') return;
  const at = deps.clock.now();
  const marked = await deps.recorder.commit(async ({ agreements }) => {
    const after = await agreements.revoke(held.id, at, { by: held.assigner, reason });
    if (after.revokedAt !== at || after.revokedBy !== held.assigner) return { value: false, records: [] }; // revoked meanwhile by someone else
    const data = { revokedAt: toIso(at), assetId: held.assetId, assigner: held.assigner, assignee: held.assignee, transferId: t.id, reason };
    return { value: true, records: [{ audit: { type: 'agreement.revocation', actor: held.assigner, agreementId: held.id, data } }] };
  });
  if (marked) deps.logger.info({ agreementId: held.id, provider: held.assigner, transferId: t.id }, 'the provider revoked the agreement: marked revoked here');
}
