import type { Logger } from '../../core/index.js';
import { jwsCheckpointSigner, type AuditLog } from '../audit/index.js';
import type { OutboundPolicy } from '../http/outbound/index.js';
import type { IdentityRuntime } from '../identity/index.js';
import type { PeerAuth } from '../peer/peer-auth.js';
import { callSite, type SiteSessions } from './coordinator/round-call.js';
import type { Training } from './training.js';

/**
 * After every round, coordinator and sites swap signed checkpoints of their audit logs (EdDSA JWS with the current DID
 * key) and keep each other's in their own log. Without a DCP identity there is nothing to sign with: none is sent.
 */
export function checkpointExchange(d: {
  runtime: IdentityRuntime | undefined;
  audit: AuditLog;
  auth: PeerAuth;
  outbound: OutboundPolicy;
  logger: Logger;
  /** The training sessions the sites opened for our rounds: the exchange presents them too (decision 0028). */
  sessions?: SiteSessions;
}) {
  const runtime = d.runtime;
  const ours = async () => {
    if (!runtime) return undefined;
    const signer = runtime.signer();
    return d.audit.checkpoint(jwsCheckpointSigner(signer.key.signingKey(), signer.verificationMethodId));
  };
  return {
    /** The coordinator's side: to every active site, keeping the answer (one unreachable site does not hold the others up). */
    async swap(t: Training): Promise<void> {
      const mine = await ours();
      await Promise.all(
        t.sites
          .filter((s) => s.status === 'active' && s.endpoint)
          .map(async (site) => {
            try {
              const { answer } = await callSite<{ checkpoint?: unknown }>(d, site.siteDid, site.endpoint ?? '', 'checkpoint', { checkpoint: mine });
              if (answer.checkpoint)
                await d.audit.append({
                  type: 'audit.checkpoint',
                  actor: site.siteDid,
                  agreementId: site.agreementId,
                  data: { received: answer.checkpoint as never, round: t.currentRound },
                });
            } catch (error) {
              d.logger.warn({ err: error, trainingId: t.id, siteDid: site.siteDid }, 'exchanging audit checkpoints with a site failed');
            }
          }),
      );
    },
    /** The site's side: keeps the coordinator's checkpoint and answers with its own. */
    async exchange(session: { agreementId: string; coordinatorDid: string }, theirs: unknown): Promise<unknown> {
      if (theirs) await d.audit.append({ type: 'audit.checkpoint', actor: session.coordinatorDid, agreementId: session.agreementId, data: { received: theirs as never } });
      return ours();
    },
  };
}
