import { describe, expect, it } from 'vitest';
import { type Asset, type ContractDefinition, offerId, type OfferLookup, type PolicyDefinition, policyContentHash } from '../../catalog/index.js';
import { FixedClock, type Logger } from '../../core/index.js';
import { createPolicyEngine } from '../../policy/index.js';
import { allowedAgent, CONTRACT_POLICY, deniedAgent, PROVIDER } from '../../test/helpers/provider-negotiation-harness.js';
import { catalogOfferResolver } from './catalog-offer-resolver.js';

const meta = { createdAt: 0, updatedAt: 0, version: 1 };
const asset: Asset = { ...meta, id: 'asset-1', properties: { title: 'A' }, dataAddress: { type: 'HttpData' } };
const open: PolicyDefinition = { ...meta, id: 'p-open', policy: { permission: [{ action: 'use' }] } };
const members: PolicyDefinition = { ...meta, id: 'p-members', policy: CONTRACT_POLICY };
const contract: PolicyDefinition = {
  ...meta,
  id: 'p-contract',
  policy: { permission: [{ action: 'use', constraint: [{ leftOperand: 'purpose', operator: 'eq', rightOperand: 'research' }] }] },
};
const definition: ContractDefinition = {
  ...meta,
  id: 'def-1',
  accessPolicyId: 'p-open',
  contractPolicyId: 'p-contract',
  assetsSelector: [{ operandLeft: 'id', operator: '=', operandRight: 'asset-1' }],
};
const idFor = (policy: PolicyDefinition) => offerId({ definitionId: 'def-1', assetId: 'asset-1', policyHash: policyContentHash(policy.policy) });

function resolver(over: { definition?: Partial<ContractDefinition>; contract?: PolicyDefinition } = {}) {
  const policies = new Map([open, members, over.contract ?? contract].map((p) => [p.id, p]));
  const lookup: OfferLookup = {
    findDefinition: async (id) => (id === 'def-1' ? { ...definition, ...over.definition } : undefined),
    findAsset: async (id) => (id === 'asset-1' ? asset : undefined),
    findPolicy: async (id) => policies.get(id),
  };
  const logged: string[] = [];
  const logger = { info: (_fields: unknown, msg: string) => void logged.push(msg) } as unknown as Logger;
  return { logged, offers: catalogOfferResolver({ lookup, engine: createPolicyEngine(), participantId: PROVIDER, clock: new FixedClock(), logger }) };
}

describe('catalogOfferResolver', () => {
  it('resolves a current offer: the ODRL offer as the catalog shows it, on its asset, with the contract policy parsed once', async () => {
    const { offers } = resolver();
    const resolved = await offers.resolve(idFor(contract), allowedAgent);
    expect(resolved).toMatchObject({
      offerId: idFor(contract),
      assetId: 'asset-1',
      contractDefinitionId: 'def-1',
      approval: 'auto',
      contractPolicy: contract.policy,
      offer: { '@id': idFor(contract), '@type': 'Offer', assigner: PROVIDER, target: 'asset-1', permission: contract.policy.permission },
    });
    expect(resolved?.parsedContractPolicy).toBeDefined();
  });

  it('keeps a manual approval of the definition', async () => {
    expect((await resolver({ definition: { approval: 'manual' } }).offers.resolve(idFor(contract), allowedAgent))?.approval).toBe('manual');
  });

  it.each([
    ['an id of another connector', 'urn:uuid:1', 'offer did not resolve'],
    ['an offer whose contract policy changed since', idFor(open), 'offer did not resolve'],
  ])('is undefined for %s, and logs why', async (_case, id, message) => {
    const { offers, logged } = resolver();
    expect(await offers.resolve(id, allowedAgent)).toBeUndefined();
    expect(logged).toEqual([message]);
  });

  it('explains why an offer does not resolve, and nothing for one that does', async () => {
    const { offers } = resolver();
    expect(await offers.explain?.(idFor(contract), allowedAgent)).toBeUndefined();
    expect(await offers.explain?.(idFor(open), allowedAgent)).toMatchObject({
      reason: expect.stringMatching(/^the contract policy of contract definition 'def-1' changed since the offer was made: /),
      currentOfferId: idFor(contract),
    });
  });

  it('hides an offer whose access policy denies the requester, as if it did not exist', async () => {
    const { offers, logged } = resolver({ definition: { accessPolicyId: 'p-members' } });
    expect(await offers.resolve(idFor(contract), deniedAgent)).toBeUndefined();
    expect(logged).toEqual(['access policy hides the offer from the requester']);
    expect(await offers.resolve(idFor(contract), allowedAgent)).toMatchObject({ assetId: 'asset-1' });
  });

  it('resolves an offer whose contract policy cannot be parsed without a parsed policy (the agreement gate then denies it)', async () => {
    const broken: PolicyDefinition = {
      ...meta,
      id: 'p-contract',
      policy: { permission: [{ action: 'use', constraint: [{ leftOperand: 'kontor:noSuchOperand', operator: 'eq', rightOperand: 'x' }] }] },
    };
    const resolved = await resolver({ contract: broken }).offers.resolve(idFor(broken), allowedAgent);
    expect(resolved).toMatchObject({ contractPolicy: broken.policy });
    expect(resolved).not.toHaveProperty('parsedContractPolicy');
  });

  it('is undefined for a contract policy that cannot be shown as an ODRL offer', async () => {
    const unshowable: PolicyDefinition = {
      ...meta,
      id: 'p-contract',
      policy: { permission: [{ action: 'use', constraint: [{ leftOperand: 'purpose', operator: 'noSuchOperator', rightOperand: 'x' }] }] },
    };
    expect(await resolver({ contract: unshowable }).offers.resolve(idFor(unshowable), allowedAgent)).toBeUndefined();
  });
});
