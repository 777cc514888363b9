import { ConnectorError, isConnectorError } from '../../../core/index.js';

/**
 * States of our training transfer with a site in which it is paused, not ended: a suspension (by either side) until
 * the transfer is STARTED again. The site is not asked for rounds then: it missed them (the straggler rule counts
 * them, bounded by maxMissedRounds) and rejoins after the resume.
 */
export const PAUSED_TRANSFER_STATES: readonly string[] = ['SUSPENDING', 'SUSPENDED', 'RESUMING'];

/** What a site answers (403) to a round while its side of the training transfer is suspended (site/site-routes.ts). */
export const SITE_SUSPENDED_DETAIL = 'the training transfer is suspended';

/** Why our training transfer with a site keeps it out of a round, or undefined when it does not. */
export function pausedTransferReason(state: string | undefined): string | undefined {
  return state !== undefined && PAUSED_TRANSFER_STATES.includes(state) ? `our training transfer with the site is suspended (${state})` : undefined;
}

/**
 * A site's refusal because its training transfer is suspended (before the suspension reached our side of it) is a
 * missed round, not a refusal: PEER_UNAVAILABLE. Only that exact reason; every other error is returned as it is. A
 * hostile site gains nothing from it but missed rounds, which the straggler rule bounds.
 */
export function suspensionAsMissed(error: unknown): unknown {
  if (isConnectorError(error) && error.code === 'POLICY_DENIED' && error.detail === SITE_SUSPENDED_DETAIL)
    return new ConnectorError('PEER_UNAVAILABLE', { detail: `the site refused the round: ${SITE_SUSPENDED_DETAIL}` });
  return error;
}
