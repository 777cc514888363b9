import type { Logger } from '../../core/index.js';
import { jwsCheckpointSigner, type AuditInput, type AuditLog } from '../audit/index.js';
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
  const signer = () => {
    if (!runtime) return undefined;
    const s = runtime.signer();
    return jwsCheckpointSigner(s.key.signingKey(), s.verificationMethodId);
  };
  return {
    /**
     * The coordinator's side: to every active site (one unreachable site does not hold the others up), then the answers
     * kept, in one append.
     */
    async swap(t: Training): Promise<void> {
      const sign = signer();
      const mine = sign ? await d.audit.checkpoint(sign) : undefined;
      const answers = await Promise.all(
        t.sites
          .filter((s) => s.status === 'active' && s.endpoint)
          .map(async (site): Promise<AuditInput[]> => {
            try {
              const { answer } = await callSite<{ checkpoint?: unknown }>(d, site.siteDid, site.endpoint ?? '', 'checkpoint', { checkpoint: mine });
              if (!answer.checkpoint) return [];
              return [{ type: 'audit.checkpoint', actor: site.siteDid, agreementId: site.agreementId, data: { received: answer.checkpoint as never, round: t.currentRound } }];
            } catch (error) {
              d.logger.warn({ err: error, trainingId: t.id, siteDid: site.siteDid }, 'exchanging audit checkpoints with a site failed');
              return [];
            }
          }),
      );
      const received = answers.flat();
      if (received.length > 0) await d.audit.appendAll(received);
    },
    /** The site's side: keeps the coordinator's checkpoint and answers with its own (of the log with theirs in it). */
    async exchange(session: { agreementId: string; coordinatorDid: string }, theirs: unknown): Promise<unknown> {
      const sign = signer();
      const entry: AuditInput | undefined = theirs
        ? { type: 'audit.checkpoint', actor: session.coordinatorDid, agreementId: session.agreementId, data: { received: theirs as never } }
        : undefined;
      if (!entry) return sign ? d.audit.checkpoint(sign) : undefined;
      if (!sign) return void (await d.audit.append(entry));
      return d.audit.appendAndCheckpoint(entry, sign);
    },
  };
}
