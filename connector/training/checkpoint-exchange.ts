import type { Clock, Logger } from '../../core/index.js';
import { isSignedAuditCheckpoint, jwsCheckpointSigner, type AuditHead, type AuditInput, type AuditLog, type SignedAuditCheckpoint } from '../audit/index.js';
import type { OutboundPolicy } from '../http/outbound/index.js';
import type { IdentityRuntime } from '../identity/index.js';
import type { PeerAuth } from '../peer/peer-auth.js';
import { callSite, type SiteSessions } from './coordinator/round-call.js';
import type { ReceivedCheckpoint } from './coordinator/coordinator-round.js';
import type { SiteCheckpoints } from './site/site-routes.js';
import type { SiteSession } from './site/site-session.js';
import type { Training } from './training.js';

/**
 * Coordinator and sites swap signed checkpoints of their audit logs (EdDSA JWS with the current DID key) and keep each
 * other's in their own log: in every round, within the evaluation request and its answer (decision 0033), and once
 * more on a route of their own when the training ends. Without a DCP identity there is nothing to sign with: none is sent.
 */
export function checkpointExchange(d: {
  runtime: IdentityRuntime | undefined;
  audit: AuditLog;
  auth: PeerAuth;
  outbound: OutboundPolicy;
  clock: Clock;
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
  /** The coordinator keeps the sites' checkpoints of one exchange in one append, in the order given. */
  const keep = async (round: number, received: readonly ReceivedCheckpoint[]): Promise<void> => {
    if (received.length === 0) return;
    await d.audit.appendAll(
      received.map(({ site, checkpoint }) => ({ type: 'audit.checkpoint', actor: site.siteDid, agreementId: site.agreementId, data: { received: checkpoint as never, round } })),
    );
  };
  /** The site keeps the coordinator's checkpoint as this entry. */
  const received = (session: SiteSession, theirs: SignedAuditCheckpoint): AuditInput => ({
    type: 'audit.checkpoint',
    actor: session.coordinatorDid,
    agreementId: session.agreementId,
    data: { received: theirs as never },
  });
  /** The coordinator's signed checkpoint of its own log, or undefined without a DCP identity. */
  const mine = async (): Promise<SignedAuditCheckpoint | undefined> => {
    const sign = signer();
    return sign ? d.audit.checkpoint(sign) : undefined;
  };
  /** The site's side. */
  const site: SiteCheckpoints = {
    received,
    async exchange(session, theirs) {
      const sign = signer();
      const entry = theirs ? received(session, theirs) : undefined;
      if (!entry) return sign ? d.audit.checkpoint(sign) : undefined;
      if (!sign) return void (await d.audit.append(entry));
      return d.audit.appendAndCheckpoint(entry, sign);
    },
    async sign(head: AuditHead) {
      const sign = signer();
      if (!sign) return undefined;
      const checkpoint = { seq: head.seq, hash: head.hash, at: d.clock.isoNow() };
      return { checkpoint, signature: await sign(checkpoint) };
    },
  };
  return {
    mine,
    keep,
    /**
     * The coordinator's exchange on its own route (at the end of a training): to every active site (one
     * unreachable site does not hold the others up), then the answers kept, in one append.
     */
    async swap(t: Training): Promise<void> {
      const ours = await mine();
      const answers = await Promise.all(
        t.sites
          .filter((s) => s.status === 'active' && s.endpoint)
          .map(async (site): Promise<ReceivedCheckpoint[]> => {
            try {
              const { answer } = await callSite<{ checkpoint?: unknown }>(d, site.siteDid, site.endpoint ?? '', 'checkpoint', { checkpoint: ours });
              if (answer.checkpoint === undefined) return [];
              if (!isSignedAuditCheckpoint(answer.checkpoint)) throw new Error('the site answered a malformed audit checkpoint');
              return [{ site, checkpoint: answer.checkpoint }];
            } catch (error) {
              d.logger.warn({ err: error, trainingId: t.id, siteDid: site.siteDid }, 'exchanging audit checkpoints with a site failed');
              return [];
            }
          }),
      );
      await keep(t.currentRound, answers.flat());
    },
    site,
  };
}
