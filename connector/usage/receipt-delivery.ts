import { createHash } from 'node:crypto';
import { isConnectorError } from '../../core/index.js';
import type { OutboundPolicy } from '../http/outbound/index.js';
import type { PeerAuth } from '../peer/peer-auth.js';
import { postToSite } from '../peer/post-to-site.js';
import type { DutyTimer } from './duty-timer.js';

/** A `deliver-receipt` duty's payload: the receipt as it was signed and kept, and where it goes. */
export interface DeliveryPayload {
  receipt: Record<string, unknown>;
  endpoint: string;
  siteDid: string;
  /** The `delete` duty that signed it. */
  duty: string;
}

/** The longest wait between two delivery attempts. */
export const DELIVERY_MAX_BACKOFF_MS = 3_600_000;
/** Refusals by a site that answers (4xx) tried this many times before the delivery fails for good. */
export const DELIVERY_REFUSALS_TRIED = 8;

const short = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 24);

/** The delivery duty of the receipt a `delete` duty signed (deterministic: scheduling it twice is one duty). */
export const deliveryDutyId = (deleteDutyId: string): string => `deliver-receipt:${short(deleteDutyId)}`;

/**
 * What to do after a failed delivery attempt (the `attempts`th): a site that cannot be reached is tried again with
 * back-off (2 s doubling, at most an hour) and never given up on; a site that answers with a refusal a few times more,
 * then the duty fails with the site's reason (visible in GET /api/v1/deletions).
 */
export function afterDeliveryFailure(error: unknown, attempts: number, now: number): { retryAt: number } | { fail: true } {
  const refused = isConnectorError(error) && (error.code === 'PEER_REJECTED' || error.code === 'POLICY_DENIED');
  if (refused && attempts >= DELIVERY_REFUSALS_TRIED) return { fail: true };
  return { retryAt: now + Math.min(2_000 * 2 ** Math.min(Math.max(attempts - 1, 0), 30), DELIVERY_MAX_BACKOFF_MS) };
}

/** One delivery attempt of the stored receipt, exactly as it was signed (nothing is shredded or signed again). */
export async function deliverReceipt(d: { auth: PeerAuth; outbound: OutboundPolicy }, duty: DutyTimer): Promise<void> {
  const p = duty.payload as unknown as DeliveryPayload;
  await postToSite(d.outbound, p.endpoint, 'receipts', await d.auth.tokenFor(p.siteDid), { receipt: p.receipt });
}
