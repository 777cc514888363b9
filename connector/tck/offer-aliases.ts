import { offerId, policyContentHash, type OfferLookup } from '../../catalog/index.js';
import type { OfferResolver } from '../negotiation/index.js';
import type { OfferAlias } from './tck-fixtures.js';

/**
 * TCK mode only: the TCK names offers by ids of its own (`CD123:ACN0101:456`). Each alias stands for the current
 * offer of one contract definition for one asset, and is resolved as that offer id would be (access policy and all).
 * Without aliases the resolver is returned as it is.
 */
export function withOfferAliases(inner: OfferResolver, aliases: readonly OfferAlias[], lookup: OfferLookup): OfferResolver {
  if (aliases.length === 0) return inner;
  const byId = new Map(aliases.map((a) => [a.offerId, a]));
  return {
    async resolve(id, agent) {
      const alias = byId.get(id);
      if (!alias) return inner.resolve(id, agent);
      const definition = await lookup.findDefinition(alias.contractDefinitionId);
      const policy = definition ? await lookup.findPolicy(definition.contractPolicyId) : undefined;
      if (!policy) return undefined;
      return inner.resolve(offerId({ definitionId: alias.contractDefinitionId, assetId: alias.assetId, policyHash: policyContentHash(policy.policy) }), agent);
    },
  };
}
