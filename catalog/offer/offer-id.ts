import { POLICY_HASH_LENGTH } from './policy-content-hash.js';

/** What an offer id stands for: one contract definition offering one asset under one version of its contract policy. */
export interface OfferRef {
  definitionId: string;
  assetId: string;
  /** `policyContentHash` of the contract policy the offer was made with. */
  policyHash: string;
}

export const OFFER_ID_PREFIX = 'urn:kontor:offer:';
const HASH = new RegExp(`^[0-9a-f]{${POLICY_HASH_LENGTH}}$`);

/** Percent-encodes everything outside the URN-safe characters, `:` included, so the parts split unambiguously. */
function encodePart(part: string): string {
  return encodeURIComponent(part).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * A stable offer id: `urn:kontor:offer:<definition id>:<asset id>:<policy hash>`, ids percent-encoded.
 * The same definition, asset and policy content always give the same id; changing the policy changes it.
 */
export function offerId(ref: OfferRef): string {
  if (!HASH.test(ref.policyHash)) throw new Error(`policy hash must be ${POLICY_HASH_LENGTH} lowercase hex digits`);
  if (ref.definitionId === '' || ref.assetId === '') throw new Error('definition and asset ids must not be empty');
  return `${OFFER_ID_PREFIX}${encodePart(ref.definitionId)}:${encodePart(ref.assetId)}:${ref.policyHash}`;
}

/** The parts of an offer id made by `offerId`, or undefined for anything else (never throws). */
export function parseOfferId(id: string): OfferRef | undefined {
  if (!id.startsWith(OFFER_ID_PREFIX)) return undefined;
  const parts = id.slice(OFFER_ID_PREFIX.length).split(':');
  if (parts.length !== 3) return undefined;
  const [definition, asset, policyHash] = parts as [string, string, string];
  if (!HASH.test(policyHash) || definition === '' || asset === '') return undefined;
  try {
    const ref = { definitionId: decodeURIComponent(definition), assetId: decodeURIComponent(asset), policyHash };
    return offerId(ref) === id ? ref : undefined;
  } catch {
    return undefined;
  }
}
