import {
  type Asset,
  type ContractDefinition,
  offerId,
  type OfferLookup,
  parseOfferId,
  type PolicyDefinition,
  policyContentHash,
  selectsAsset,
  toOdrlOffer,
} from '../../catalog/index.js';
import type { ParticipantAgent, Policy, PolicyEngine } from '../../policy/index.js';
import type { OfferUnavailable } from './offer-resolver.js';

export interface CatalogOfferCheckDeps {
  lookup: OfferLookup;
  engine: PolicyEngine;
  /** Parses a policy definition (cached per version). */
  parsed: (definition: PolicyDefinition) => Policy;
  participantId: string;
  now: number;
}

export type CatalogOfferCheck =
  | { ok: true; definition: ContractDefinition; asset: Asset; contractPolicy: PolicyDefinition; offer: Record<string, unknown> }
  | { ok: false; unavailable: OfferUnavailable; log: string; fields?: Record<string, unknown> };

/**
 * Checks an offer id (`urn:kontor:offer:<definition>:<asset>:<policy hash>`) against the catalog as it is now, for one
 * requester: the definition exists and its access policy admits the requester, the asset exists and the definition
 * selects it, and the contract policy's content still hashes to the id's hash. The first check that fails names the
 * cause; only once the definition is known to be offered to the requester does the public reason say more than
 * "unknown offer".
 */
export async function checkCatalogOffer(id: string, agent: ParticipantAgent, deps: CatalogOfferCheckDeps): Promise<CatalogOfferCheck> {
  const hidden = (reason: string, log = 'offer did not resolve', fields?: Record<string, unknown>): CatalogOfferCheck => ({
    ok: false,
    unavailable: { reason, publicReason: `unknown offer '${id}'` },
    log,
    ...(fields ? { fields } : {}),
  });
  const gone = (reason: string, publicCause: string, currentOfferId?: string): CatalogOfferCheck => ({
    ok: false,
    unavailable: { reason, publicReason: `offer '${id}' is no longer available: ${publicCause}`, ...(currentOfferId ? { currentOfferId } : {}) },
    log: 'offer did not resolve',
  });
  const ref = parseOfferId(id);
  if (!ref) return hidden(`'${id}' is not an offer id of this connector`);
  const definition = await deps.lookup.findDefinition(ref.definitionId);
  if (!definition) return hidden(`the contract definition '${ref.definitionId}' of offer '${id}' no longer exists`);
  const d = `contract definition '${definition.id}'`;
  const accessPolicy = await deps.lookup.findPolicy(definition.accessPolicyId);
  if (!accessPolicy) return hidden(`the access policy '${definition.accessPolicyId}' of ${d} no longer exists`);
  let problems: string | undefined;
  try {
    const access = deps.engine.evaluate(deps.parsed(accessPolicy), { scope: 'catalog', agent, now: deps.now, target: ref.assetId });
    if (!access.allowed) problems = access.problems.map((p) => `${p.path}: ${p.message}`).join('; ') || 'denied';
  } catch (error) {
    return hidden(`the access policy '${accessPolicy.id}' of ${d} cannot be evaluated: ${(error as Error).message}`);
  }
  if (problems !== undefined) {
    return hidden(`the access policy '${accessPolicy.id}' of ${d} no longer admits this consumer (${problems})`, 'access policy hides the offer from the requester', {
      counterPartyId: agent.id,
      problems,
    });
  }
  const notOffered = `${d} no longer offers the asset '${ref.assetId}'`;
  const asset = await deps.lookup.findAsset(ref.assetId);
  if (!asset) return gone(`the asset '${ref.assetId}' of offer '${id}' no longer exists`, notOffered);
  if (!selectsAsset(definition.assetsSelector, asset)) return gone(`the ${d} no longer selects the asset '${asset.id}'`, notOffered);
  const contractPolicy = await deps.lookup.findPolicy(definition.contractPolicyId);
  if (!contractPolicy) return gone(`the contract policy '${definition.contractPolicyId}' of ${d} no longer exists`, `${d} has no contract policy`);
  const hash = policyContentHash(contractPolicy.policy);
  const built = toOdrlOffer(contractPolicy.policy, offerId({ ...ref, policyHash: hash }), deps.participantId);
  const unshowable = built.ok ? undefined : `the contract policy '${contractPolicy.id}' of ${d} cannot be shown as an ODRL offer: ${built.problem}`;
  if (hash !== ref.policyHash) {
    const current = built.ok ? offerId({ ...ref, policyHash: hash }) : undefined;
    const changed =
      `the contract policy of ${d} changed since the offer was made: the offer is for policy content ${ref.policyHash}, ` +
      `the definition's contract policy '${contractPolicy.id}' (version ${contractPolicy.version}) now has content ${hash}; ` +
      (current ? `the definition now offers '${current}'` : (unshowable ?? ''));
    return gone(changed, changed, current);
  }
  if (!built.ok) return gone(unshowable ?? '', `the contract policy of ${d} cannot be offered`);
  return { ok: true, definition, asset, contractPolicy, offer: { ...built.offer, target: asset.id } };
}
