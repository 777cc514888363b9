import { ConnectorError, type Clock } from '../../core/index.js';
import { applyTransition, type TransitionTable } from '../statemachine/transition-table.js';
import type { WebhookDelivery } from './webhook.js';

/** A delivery is PENDING until it ends DELIVERED or FAILED; an operator may send a FAILED one again (PENDING). */
export const DELIVERY_TRANSITIONS: TransitionTable<WebhookDelivery['state']> = { PENDING: ['DELIVERED', 'FAILED'], DELIVERED: [], FAILED: ['PENDING'] };

/**
 * A FAILED delivery queued again: PENDING, due now, a new series of attempts (the same id and body, so a receiver
 * that got it after all drops the repeat); INVALID_TRANSITION for a delivery in any other state.
 */
export function redelivery(d: WebhookDelivery, clock: Clock): WebhookDelivery {
  if (d.state !== 'FAILED') throw new ConnectorError('INVALID_TRANSITION', { detail: `delivery '${d.id}' is ${d.state}: only a FAILED delivery is sent again` });
  const { attempts: _attempts, lastStatus: _lastStatus, ...rest } = applyTransition(DELIVERY_TRANSITIONS, d, 'PENDING', clock);
  return rest;
}
