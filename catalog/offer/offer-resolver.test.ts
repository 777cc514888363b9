import { describe, expect, it } from 'vitest';
import type { Asset } from '../asset/asset.js';
import type { ContractDefinition } from '../contract-definition/contract-definition.js';
import type { PolicyDefinition } from '../policy-definition/policy-definition.js';
import { offerId } from './offer-id.js';
import { resolveOffer, type OfferLookup } from './offer-resolver.js';
import { policyContentHash } from './policy-content-hash.js';

const meta = { createdAt: 0, updatedAt: 0, version: 1 };
const asset: Asset = { ...meta, id: 'a1', properties: { title: 'A' }, dataAddress: { type: 'HttpData' } };
const contract: PolicyDefinition = { ...meta, id: 'p-contract', policy: { permission: [{ action: 'use' }] } };
const access: PolicyDefinition = { ...meta, id: 'p-access', policy: { permission: [{ action: 'use' }] } };
const definition: ContractDefinition = {
  ...meta,
  id: 'd1',
  accessPolicyId: 'p-access',
  contractPolicyId: 'p-contract',
  assetsSelector: [{ operandLeft: 'id', operator: '=', operandRight: 'a1' }],
};

function lookup(over: { definition?: ContractDefinition; asset?: Asset; contract?: PolicyDefinition } = {}): OfferLookup {
  const policies = new Map([
    [access.id, access],
    [contract.id, over.contract ?? contract],
  ]);
  return {
    findDefinition: async (id) => (id === definition.id ? (over.definition ?? definition) : undefined),
    findAsset: async (id) => (id === asset.id ? (over.asset ?? asset) : undefined),
    findPolicy: async (id) => policies.get(id),
  };
}

const id = offerId({ definitionId: 'd1', assetId: 'a1', policyHash: policyContentHash(contract.policy) });

describe('resolveOffer', () => {
  it('should resolve a current offer to its definition, asset and policies', async () => {
    const result = await resolveOffer(id, lookup());
    expect(result).toMatchObject({ ok: true, offer: { definition: { id: 'd1' }, asset: { id: 'a1' }, contractPolicy: { id: 'p-contract' }, accessPolicy: { id: 'p-access' } } });
  });

  it('should call an id from elsewhere malformed, and one naming nothing unknown', async () => {
    expect(await resolveOffer('urn:uuid:1', lookup())).toMatchObject({ ok: false, reason: 'malformed' });
    const other = offerId({ definitionId: 'd2', assetId: 'a1', policyHash: policyContentHash(contract.policy) });
    expect(await resolveOffer(other, lookup())).toMatchObject({ ok: false, reason: 'unknown' });
  });

  it('should call an offer stale once the contract policy content or the selection changed', async () => {
    const changed = { ...contract, policy: { permission: [{ action: 'read' }] } };
    expect(await resolveOffer(id, lookup({ contract: changed }))).toMatchObject({ ok: false, reason: 'stale' });
    const reselected = { ...definition, assetsSelector: [{ operandLeft: 'id', operator: '=' as const, operandRight: 'a2' }] };
    expect(await resolveOffer(id, lookup({ definition: reselected }))).toMatchObject({ ok: false, reason: 'stale' });
  });
});
