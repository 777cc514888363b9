import { offerId, policyContentHash, type OfferLookup } from '../../catalog/index.js';
import type { OfferResolver } from '../negotiation/index.js';
import type { OfferAlias } from './tck-fixtures.js';

/**
 * TCK mode only: the TCK names offers by ids of its own (`CD123:ACN0101:456`). Each alias stands for the current
 * offer of one contract definition for one asset, and is resolved (and explained) as that offer id would be (access
 * policy and all); other ids go to the resolver as they are. Without aliases the resolver is returned as it is.
 */
export function withOfferAliases(inner: OfferResolver, aliases: readonly OfferAlias[], lookup: OfferLookup): OfferResolver {
  if (aliases.length === 0) return inner;
  const byId = new Map(aliases.map((a) => [a.offerId, a]));
  /** The offer id an alias stands for now, or why there is none (its definition or contract policy is gone). */
  const aliased = async (alias: OfferAlias): Promise<{ id: string } | { missing: string }> => {
    const definition = await lookup.findDefinition(alias.contractDefinitionId);
    if (!definition) return { missing: `the contract definition '${alias.contractDefinitionId}'` };
    const policy = await lookup.findPolicy(definition.contractPolicyId);
    if (!policy) return { missing: `the contract policy '${definition.contractPolicyId}' of contract definition '${definition.id}'` };
    return { id: offerId({ definitionId: alias.contractDefinitionId, assetId: alias.assetId, policyHash: policyContentHash(policy.policy) }) };
  };
  const resolver: OfferResolver = {
    async resolve(id, agent) {
      const alias = byId.get(id);
      if (!alias) return inner.resolve(id, agent);
      const target = await aliased(alias);
      return 'id' in target ? inner.resolve(target.id, agent) : undefined;
    },
  };
  // Only when the inner resolver explains: without `explain`, callers fall back to resolving and the generic reason.
  const explain = inner.explain?.bind(inner);
  if (!explain) return resolver;
  return {
    ...resolver,
    async explain(id, agent) {
      const alias = byId.get(id);
      if (!alias) return explain(id, agent);
      const target = await aliased(alias);
      if ('id' in target) return explain(target.id, agent);
      return { reason: `${target.missing} that the TCK offer alias '${id}' stands for no longer exists`, publicReason: `unknown offer '${id}'` };
    },
  };
}
