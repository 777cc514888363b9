import type { OutboundPolicy } from '../http/outbound/index.js';
import type { CatalogRequester } from './catalog-requester.js';
import { findOfferInCatalog } from './find-offer.js';
import { findVerifiedOffer } from './find-verified-offer.js';

type Json = Record<string, unknown>;

export interface OfferChoice {
  counterPartyAddress: string;
  counterPartyId: string;
  offerId?: string | undefined;
  /** An offer the caller sends itself (the EDC way): used as it is, the provider checks it against its own. */
  offer?: Json | undefined;
}

/**
 * Which offer a consumer negotiates on. With a verified identity (a catalog requester), an offer from the provider's
 * catalog is used only when its credential verifies; a provider listed in `unsignedOffersFrom` ('*': every one) may send
 * offers with no credential at all. Without one (the development identity) the offer is read from the catalog as it is.
 */
export function offerToNegotiate(deps: {
  requester: CatalogRequester | undefined;
  unsignedOffersFrom: readonly string[];
  tokenFor(participantId: string): Promise<string>;
  outbound: OutboundPolicy;
}): (input: OfferChoice) => Promise<Json> {
  return async (input) => {
    if (input.offer) return input.offer;
    const base = { counterPartyAddress: input.counterPartyAddress, offerId: String(input.offerId) };
    if (deps.requester) {
      const acceptUnsigned = deps.unsignedOffersFrom.some((d) => d === '*' || d === input.counterPartyId);
      return findVerifiedOffer(deps.requester, { ...base, counterPartyId: input.counterPartyId, acceptUnsigned });
    }
    return findOfferInCatalog({ ...base, token: await deps.tokenFor(input.counterPartyId), outbound: deps.outbound });
  };
}
