import { ConnectorError, isConnectorError } from '../../../core/index.js';
import type { TrainingSite } from '../training.js';

/**
 * States of our training transfer with a site in which it is paused, not ended: a suspension (by either side) until
 * the transfer is STARTED again. The site is not asked for rounds then: it missed them (the straggler rule counts
 * them, bounded by maxMissedRounds) and rejoins after the resume.
 */
export const PAUSED_TRANSFER_STATES: readonly string[] = ['SUSPENDING', 'SUSPENDED', 'RESUMING'];

/** What a site answers (403) to a round while its side of the training transfer is suspended (site/site-routes.ts). */
export const SITE_SUSPENDED_DETAIL = 'the training transfer is suspended';

/** A site left out of a step because its training transfer is suspended: unavailable (a missed round), and known as a suspension. */
export class SiteSuspendedError extends ConnectorError {
  constructor(detail: string) {
    super('PEER_UNAVAILABLE', { detail });
  }
}

/** Why our training transfer with a site keeps it out of a round, or undefined when it does not. */
export function pausedTransferReason(state: string | undefined): string | undefined {
  return state !== undefined && PAUSED_TRANSFER_STATES.includes(state) ? `our training transfer with the site is suspended (${state})` : undefined;
}

/**
 * Throws unless our training transfer with the site runs, before any request to it (a request then is certain to fail):
 * POLICY_DENIED when the transfer has ended (the site is dropped), a SiteSuspendedError while it is paused (a missed round).
 */
export async function requireTransferRunning(
  site: TrainingSite,
  deps: { transferEnded?(transferId: string): Promise<string | undefined>; transferState?(transferId: string): Promise<string | undefined> },
): Promise<void> {
  if (!site.transferId) return;
  const ended = await deps.transferEnded?.(site.transferId);
  if (ended) throw new ConnectorError('POLICY_DENIED', { detail: `our training transfer with the site has ended: ${ended}` });
  const paused = pausedTransferReason(await deps.transferState?.(site.transferId));
  if (paused) throw new SiteSuspendedError(paused);
}

/**
 * A site's refusal because its training transfer is suspended (before the suspension reached our side of it) is a
 * missed round, not a refusal: PEER_UNAVAILABLE. Only that exact reason; every other error is returned as it is. A
 * hostile site gains nothing from it but missed rounds, which the straggler rule bounds.
 */
export function suspensionAsMissed(error: unknown): unknown {
  if (isConnectorError(error) && error.code === 'POLICY_DENIED' && error.detail === SITE_SUSPENDED_DETAIL)
    return new SiteSuspendedError(`the site refused the round: ${SITE_SUSPENDED_DETAIL}`);
  return error;
}

/** Whether an error (as thrown, or as `suspensionAsMissed` made it) says the site's training transfer is suspended. */
export function isSiteSuspension(error: unknown): boolean {
  return suspensionAsMissed(error) instanceof SiteSuspendedError;
}
