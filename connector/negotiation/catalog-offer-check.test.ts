import { describe, expect, it } from 'vitest';
import { type Asset, type ContractDefinition, offerId, type OfferLookup, parsedPolicyDefinitions, type PolicyDefinition, policyContentHash } from '../../catalog/index.js';
import { createPolicyEngine } from '../../policy/index.js';
import { allowedAgent, CONTRACT_POLICY, deniedAgent, PROVIDER } from '../../test/helpers/provider-negotiation-harness.js';
import { checkCatalogOffer } from './catalog-offer-check.js';

const meta = { createdAt: 0, updatedAt: 0, version: 1 };
const asset: Asset = { ...meta, id: 'asset-1', properties: { title: 'A' }, dataAddress: { type: 'HttpData' } };
const open: PolicyDefinition = { ...meta, id: 'p-open', policy: { permission: [{ action: 'use' }] } };
const members: PolicyDefinition = { ...meta, id: 'p-members', policy: CONTRACT_POLICY };
const before = { permission: [{ action: 'use', constraint: [{ leftOperand: 'purpose', operator: 'eq', rightOperand: 'research' }] }] };
const after = { permission: [{ action: 'use', constraint: [{ leftOperand: 'purpose', operator: 'eq', rightOperand: 'teaching' }] }] };
const contract: PolicyDefinition = { ...meta, id: 'p-contract', policy: before };
const definition: ContractDefinition = {
  ...meta,
  id: 'def-1',
  accessPolicyId: 'p-open',
  contractPolicyId: 'p-contract',
  assetsSelector: [{ operandLeft: 'id', operator: '=', operandRight: 'asset-1' }],
};
const idFor = (policy: Record<string, unknown>) => offerId({ definitionId: 'def-1', assetId: 'asset-1', policyHash: policyContentHash(policy) });
const OFFER = idFor(before);

type Over = { definition?: Partial<ContractDefinition> | null; asset?: null; contract?: PolicyDefinition | null };
function check(id: string, over: Over = {}, agent = allowedAgent) {
  const policies = new Map([open, members, ...(over.contract === null ? [] : [over.contract ?? contract])].map((p) => [p.id, p]));
  const lookup: OfferLookup = {
    findDefinition: async (d) => (d === 'def-1' && over.definition !== null ? { ...definition, ...over.definition } : undefined),
    findAsset: async (a) => (a === 'asset-1' && over.asset !== null ? asset : undefined),
    findPolicy: async (p) => policies.get(p),
  };
  const engine = createPolicyEngine();
  return checkCatalogOffer(id, agent, { lookup, engine, parsed: parsedPolicyDefinitions(engine), participantId: PROVIDER, now: 0 });
}

describe('checkCatalogOffer: why an offer id does not resolve now', () => {
  it('resolves a current offer', async () => {
    expect(await check(OFFER)).toMatchObject({ ok: true, asset: { id: 'asset-1' }, offer: { '@id': OFFER, target: 'asset-1' } });
  });

  it('names a changed contract policy: the hash the offer was made for, the policy and its version now, and the offer the definition makes now', async () => {
    const changed = await check(OFFER, { contract: { ...contract, version: 2, policy: after } });
    const expected =
      `the contract policy of contract definition 'def-1' changed since the offer was made: the offer is for policy content ${policyContentHash(before)}, ` +
      `the definition's contract policy 'p-contract' (version 2) now has content ${policyContentHash(after)}; the definition now offers '${idFor(after)}'`;
    expect(changed).toEqual({
      ok: false,
      log: 'offer did not resolve',
      unavailable: { reason: expected, publicReason: `offer '${OFFER}' is no longer available: ${expected}`, currentOfferId: idFor(after) },
    });
  });

  it.each<[string, Over, string]>([
    ['a deleted asset', { asset: null }, "the asset 'asset-1' of offer '.*' no longer exists"],
    [
      'an asset the definition no longer selects',
      { definition: { assetsSelector: [{ operandLeft: 'id', operator: '=', operandRight: 'asset-2' }] } },
      "the contract definition 'def-1' no longer selects the asset 'asset-1'",
    ],
  ])('names %s, and tells the requester only that the definition no longer offers the asset', async (_case, over, reason) => {
    const c = await check(OFFER, over);
    expect(c.ok).toBe(false);
    if (c.ok) return;
    expect(c.unavailable.reason).toMatch(new RegExp(`^${reason}$`));
    expect(c.unavailable.publicReason).toBe(`offer '${OFFER}' is no longer available: contract definition 'def-1' no longer offers the asset 'asset-1'`);
    expect(c.unavailable).not.toHaveProperty('currentOfferId');
  });

  it.each([
    ['an id of another connector', 'urn:uuid:1', {}, allowedAgent, "^'urn:uuid:1' is not an offer id of this connector$"],
    ['a deleted contract definition', OFFER, { definition: null }, allowedAgent, "^the contract definition 'def-1' of offer '.*' no longer exists$"],
    [
      'an access policy that no longer admits the requester',
      OFFER,
      { definition: { accessPolicyId: 'p-members' } },
      deniedAgent,
      "^the access policy 'p-members' of contract definition 'def-1' no longer admits this consumer \\(.*BPNL000000000001",
    ],
  ] as const)('names %s for the operator, and tells the requester only "unknown offer" (nothing hidden is revealed)', async (_case, id, over, agent, reason) => {
    const c = await check(id, over, agent);
    expect(c.ok).toBe(false);
    if (c.ok) return;
    expect(c.unavailable.reason).toMatch(new RegExp(reason));
    expect(c.unavailable.publicReason).toBe(`unknown offer '${id}'`);
  });

  it('hides a changed contract policy from a requester the access policy no longer admits', async () => {
    const c = await check(OFFER, { definition: { accessPolicyId: 'p-members' }, contract: { ...contract, policy: after } }, deniedAgent);
    expect(c).toMatchObject({ ok: false, unavailable: { publicReason: `unknown offer '${OFFER}'`, reason: expect.stringMatching(/access policy/) } });
  });

  it('names a contract policy that can no longer be shown as an ODRL offer', async () => {
    const unshowable = { permission: [{ action: 'use', constraint: [{ leftOperand: 'purpose', operator: 'noSuchOperator', rightOperand: 'x' }] }] };
    const c = await check(idFor(unshowable), { contract: { ...contract, policy: unshowable } });
    expect(c).toMatchObject({
      ok: false,
      unavailable: { reason: expect.stringMatching(/^the contract policy 'p-contract' of contract definition 'def-1' cannot be shown as an ODRL offer: /) },
    });
  });
});
