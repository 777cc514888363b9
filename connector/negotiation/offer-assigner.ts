import { validationError } from '../../core/index.js';

/**
 * An offer names its provider as `assigner` (a DID, or `{"@id": …}`); one that names another party than the
 * counterparty the request goes to is refused before anything is stored: the provider would sign its own name over
 * it, and the request's `assigner` would be dropped unread.
 */
export function checkOfferAssigner(offer: Record<string, unknown>, counterPartyId: string): void {
  const raw = offer.assigner;
  if (raw === undefined) return;
  const assigner = typeof raw === 'string' ? raw : raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>)['@id'] : undefined;
  if (assigner === counterPartyId) return;
  throw validationError([
    {
      pointer: '/offer/assigner',
      message:
        typeof assigner === 'string' ? `is '${assigner}', not the counterparty '${counterPartyId}' the request goes to` : 'must be the counterparty\'s id (a string or {"@id": …})',
    },
  ]);
}
