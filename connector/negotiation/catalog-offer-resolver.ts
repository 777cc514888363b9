import { parsedPolicyDefinitions, type OfferLookup } from '../../catalog/index.js';
import type { Clock, Logger } from '../../core/index.js';
import type { ParticipantAgent, PolicyEngine } from '../../policy/index.js';
import { checkCatalogOffer, type CatalogOfferCheckDeps } from './catalog-offer-check.js';
import type { OfferResolver, OfferUnavailable, ResolvedOffer } from './offer-resolver.js';

/**
 * Resolves offer ids through the catalog (definition + asset + current contract policy) and hides offers whose
 * access policy (scope `catalog`) denies the requester: such an offer is as unknown to it as a made-up id.
 * `explain` says why an offer does not resolve (checkCatalogOffer).
 */
export function catalogOfferResolver(deps: { lookup: OfferLookup; engine: PolicyEngine; participantId: string; clock: Clock; logger: Logger }): OfferResolver {
  const parsed = parsedPolicyDefinitions(deps.engine);
  const checkDeps = (): CatalogOfferCheckDeps => ({ lookup: deps.lookup, engine: deps.engine, parsed, participantId: deps.participantId, now: deps.clock.now() });
  return {
    async resolve(id: string, agent: ParticipantAgent): Promise<ResolvedOffer | undefined> {
      const check = await checkCatalogOffer(id, agent, checkDeps());
      if (!check.ok) {
        deps.logger.info({ offerId: id, reason: check.unavailable.reason, ...check.fields }, check.log);
        return undefined;
      }
      const { definition, asset, contractPolicy, offer } = check;
      let parsedContractPolicy: ResolvedOffer['parsedContractPolicy'];
      try {
        parsedContractPolicy = parsed(contractPolicy);
      } catch {
        parsedContractPolicy = undefined; // the agreement gate reports the policy as unreadable and denies
      }
      return {
        offerId: id,
        assetId: asset.id,
        contractDefinitionId: definition.id,
        approval: definition.approval ?? 'auto',
        offer,
        contractPolicy: contractPolicy.policy,
        ...(parsedContractPolicy ? { parsedContractPolicy } : {}),
      };
    },
    async explain(id: string, agent: ParticipantAgent): Promise<OfferUnavailable | undefined> {
      const check = await checkCatalogOffer(id, agent, checkDeps());
      return check.ok ? undefined : check.unavailable;
    },
  };
}
