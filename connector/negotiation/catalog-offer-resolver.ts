import { offerId, parsedPolicyDefinitions, resolveOffer, toOdrlOffer, type OfferLookup } from '../../catalog/index.js';
import type { Clock, Logger } from '../../core/index.js';
import type { ParticipantAgent, PolicyEngine } from '../../policy/index.js';
import type { OfferResolver, ResolvedOffer } from './offer-resolver.js';

/**
 * Resolves offer ids through the catalog (definition + asset + current contract policy) and hides offers whose
 * access policy (scope `catalog`) denies the requester: such an offer is as unknown to it as a made-up id.
 */
export function catalogOfferResolver(deps: { lookup: OfferLookup; engine: PolicyEngine; participantId: string; clock: Clock; logger: Logger }): OfferResolver {
  const parsed = parsedPolicyDefinitions(deps.engine);
  return {
    async resolve(id: string, agent: ParticipantAgent): Promise<ResolvedOffer | undefined> {
      const resolution = await resolveOffer(id, deps.lookup);
      if (!resolution.ok) {
        deps.logger.info({ offerId: id, reason: resolution.reason }, 'offer did not resolve');
        return undefined;
      }
      const { definition, asset, contractPolicy, accessPolicy, ref } = resolution.offer;
      const access = deps.engine.evaluate(parsed(accessPolicy), { scope: 'catalog', agent, now: deps.clock.now(), target: asset.id });
      if (!access.allowed) {
        deps.logger.info({ offerId: id, counterPartyId: agent.id, problems: access.problems }, 'access policy hides the offer from the requester');
        return undefined;
      }
      const built = toOdrlOffer(contractPolicy.policy, offerId(ref), deps.participantId);
      if (!built.ok) return undefined;
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
        offer: { ...built.offer, target: asset.id },
        contractPolicy: contractPolicy.policy,
        ...(parsedContractPolicy ? { parsedContractPolicy } : {}),
      };
    },
  };
}
