import type { Asset } from '../asset/asset.js';
import { selectsAsset } from '../contract-definition/asset-selector.js';
import type { ContractDefinition } from '../contract-definition/contract-definition.js';
import type { PolicyDefinition } from '../policy-definition/policy-definition.js';
import { parseOfferId, type OfferRef } from './offer-id.js';
import { policyContentHash } from './policy-content-hash.js';

/** The three things an offer id points at, as they are now. */
export interface ResolvedOffer {
  ref: OfferRef;
  definition: ContractDefinition;
  asset: Asset;
  contractPolicy: PolicyDefinition;
  accessPolicy: PolicyDefinition;
}

/** Why an offer id does not resolve. `stale`: it did once, but the policy or the selection changed since. */
export type OfferResolution = { ok: true; offer: ResolvedOffer } | { ok: false; reason: 'malformed' | 'unknown' | 'stale'; detail: string };

/** Read access to the three stores (only `findById` is needed). */
export interface OfferLookup {
  findDefinition(id: string): Promise<ContractDefinition | undefined>;
  findAsset(id: string): Promise<Asset | undefined>;
  findPolicy(id: string): Promise<PolicyDefinition | undefined>;
}

/**
 * Resolves an offer id back to (definition, asset, contract policy). The offer is only current when the definition
 * still selects the asset and the contract policy's content still hashes to the id's hash. Access policy
 * evaluation is the caller's business (it needs the requesting participant).
 */
export async function resolveOffer(id: string, lookup: OfferLookup): Promise<OfferResolution> {
  const ref = parseOfferId(id);
  if (!ref) return { ok: false, reason: 'malformed', detail: `'${id}' is not an offer id of this connector` };
  const [definition, asset] = await Promise.all([lookup.findDefinition(ref.definitionId), lookup.findAsset(ref.assetId)]);
  if (!definition || !asset) return { ok: false, reason: 'unknown', detail: `offer '${id}' does not exist` };
  const [contractPolicy, accessPolicy] = await Promise.all([lookup.findPolicy(definition.contractPolicyId), lookup.findPolicy(definition.accessPolicyId)]);
  if (!contractPolicy || !accessPolicy) return { ok: false, reason: 'unknown', detail: `offer '${id}' refers to a policy that no longer exists` };
  if (!selectsAsset(definition.assetsSelector, asset)) return { ok: false, reason: 'stale', detail: `offer '${id}' no longer covers its asset` };
  if (policyContentHash(contractPolicy.policy) !== ref.policyHash) return { ok: false, reason: 'stale', detail: `the policy of offer '${id}' has changed` };
  return { ok: true, offer: { ref, definition, asset, contractPolicy, accessPolicy } };
}
