import type { ParticipantAgent, Policy } from '../../policy/index.js';

/** Our offer as the catalog shows it, resolved back to where it came from. */
export interface ResolvedOffer {
  offerId: string;
  assetId: string;
  contractDefinitionId: string;
  approval: 'auto' | 'manual';
  /** The ODRL Offer (`@id`, `@type`, `target`, `assigner`, rules) exactly as offered. */
  offer: Record<string, unknown>;
  /** The contract policy, to evaluate in scope `negotiation`. */
  contractPolicy: Record<string, unknown>;
  /** The same, parsed once per policy version (the engine's compile cache keys on it); absent: parse it. */
  parsedContractPolicy?: Policy;
}

/** Why an offer id does not resolve for a requester now. */
export interface OfferUnavailable {
  /**
   * The cause, precisely: the contract definition or the asset is gone, the definition no longer selects the asset,
   * its access policy no longer admits the requester, or its contract policy changed since the offer was made. For
   * the provider's operator, and for a negotiation the consumer already holds (it was admitted when it asked).
   */
  reason: string;
  /**
   * What a requester naming the offer afresh is told: as precise only where the offer's contract definition is
   * still offered to it; otherwise what a made-up id gets (a hidden definition or asset is not revealed).
   */
  publicReason: string;
  /** The offer the contract definition makes now for the same asset, when only its contract policy changed. */
  currentOfferId?: string;
}

/** Resolves an offer id for a requester; undefined when unknown or not visible to it (its access policy denies). */
export interface OfferResolver {
  resolve(offerId: string, agent: ParticipantAgent): Promise<ResolvedOffer | undefined>;
  /** Why the offer does not resolve for the requester now; undefined when it does. Absent: only the generic reason is known. */
  explain?(offerId: string, agent: ParticipantAgent): Promise<OfferUnavailable | undefined>;
}

/** The reason given when the resolver cannot say more. */
export const OFFER_UNAVAILABLE = 'the offer is unknown or no longer available to this consumer';

/** Why an offer that did not resolve is unavailable: the resolver's explanation, or the generic reason. */
export async function whyUnavailable(offers: OfferResolver, offerId: string, agent: ParticipantAgent): Promise<OfferUnavailable> {
  const explained = await offers.explain?.(offerId, agent);
  return explained ?? { reason: OFFER_UNAVAILABLE, publicReason: `unknown offer '${offerId}'` };
}
