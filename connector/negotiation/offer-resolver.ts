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

/** Resolves an offer id for a requester; undefined when unknown or not visible to it (its access policy denies). */
export interface OfferResolver {
  resolve(offerId: string, agent: ParticipantAgent): Promise<ResolvedOffer | undefined>;
}
