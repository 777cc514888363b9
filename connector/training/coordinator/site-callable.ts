import { ConnectorError, type Clock } from '../../../core/index.js';
import type { TrainingSite } from '../training.js';
import { requireTransferRunning } from './site-suspension.js';

/** What the coordinator reads before it calls a site (a subset of CoordinatorDeps, `A` its agreements). */
export interface CallableDeps<A extends { status: string }> {
  agreements: { findById(id: string): Promise<A | undefined> };
  standing?(participantId: string): Promise<void>;
  transferEnded?(transferId: string): Promise<string | undefined>;
  transferState?(transferId: string): Promise<string | undefined>;
  window?(agreement: A, now: number): string | undefined;
  clock: Clock;
}

/**
 * Throws unless the site may be asked to take part in a round now, before any request to it: our agreement active, the
 * site in good standing, our training transfer with it running (a suspended one: a missed round, site-suspension.ts) and
 * the agreement's time window open. Every round's first request to a site passes it: a plain round's, and the key
 * exchange of a securely aggregated round.
 */
export async function requireCallable<A extends { status: string }>(site: TrainingSite, deps: CallableDeps<A>): Promise<void> {
  const agreement = await deps.agreements.findById(site.agreementId);
  if (agreement?.status !== 'active') throw new ConnectorError('POLICY_DENIED', { detail: 'our agreement with the site is no longer active' });
  await deps.standing?.(site.siteDid);
  await requireTransferRunning(site, deps);
  const closed = deps.window?.(agreement, deps.clock.now());
  if (closed) throw new ConnectorError('POLICY_DENIED', { detail: closed });
}
