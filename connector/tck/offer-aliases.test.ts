import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { type Asset, type ContractDefinition, offerId, type PolicyDefinition, policyContentHash } from '../../catalog/index.js';
import { FixedClock } from '../../core/index.js';
import { createPolicyEngine } from '../../policy/index.js';
import { catalogOfferResolver } from '../negotiation/catalog-offer-resolver.js';
import type { OfferResolver } from '../negotiation/index.js';
import { withOfferAliases } from './offer-aliases.js';

const meta = { createdAt: 0, updatedAt: 0, version: 1 };
const allowAll = { '@type': 'Set', permission: [{ action: 'use' }] };
const agent = { id: 'TCK_PARTICIPANT', claims: { credentialTypes: [] } };

/** A catalog held in maps, so a test can take things out of it. */
function catalog() {
  const policies = new Map<string, PolicyDefinition>([['open', { id: 'open', policy: allowAll, ...meta }]]);
  const definitions = new Map<string, ContractDefinition>([['tck-agree', { id: 'tck-agree', accessPolicyId: 'open', contractPolicyId: 'open', assetsSelector: [], ...meta }]]);
  const assets = new Map<string, Asset>([['ACN0104', { id: 'ACN0104', properties: { title: 'one' }, dataAddress: { type: 'HttpData' }, ...meta }]]);
  const lookup = {
    findDefinition: async (id: string) => definitions.get(id),
    findAsset: async (id: string) => assets.get(id),
    findPolicy: async (id: string) => policies.get(id),
  };
  const inner = catalogOfferResolver({ lookup, engine: createPolicyEngine(), participantId: 'CONNECTOR_UNDER_TEST', clock: new FixedClock(), logger: pino({ level: 'silent' }) });
  const resolver = withOfferAliases(inner, [{ offerId: 'CD123:ACN0104:456', contractDefinitionId: 'tck-agree', assetId: 'ACN0104' }], lookup);
  return { policies, definitions, assets, inner, resolver };
}
const current = offerId({ definitionId: 'tck-agree', assetId: 'ACN0104', policyHash: policyContentHash(allowAll) });

describe('TCK offer aliases explaining why an offer does not resolve', () => {
  it('explains an alias as the offer id it stands for, with the precise reason', async () => {
    const { assets, resolver } = catalog();
    expect(await resolver.resolve('CD123:ACN0104:456', agent)).toMatchObject({ offerId: current });
    expect(await resolver.explain?.('CD123:ACN0104:456', agent)).toBeUndefined();
    assets.delete('ACN0104');
    expect(await resolver.resolve('CD123:ACN0104:456', agent)).toBeUndefined();
    expect(await resolver.explain?.('CD123:ACN0104:456', agent)).toEqual({
      reason: `the asset 'ACN0104' of offer '${current}' no longer exists`,
      publicReason: `offer '${current}' is no longer available: contract definition 'tck-agree' no longer offers the asset 'ACN0104'`,
    });
  });

  it("forwards other ids to the resolver's explanation (a changed contract policy names the current offer)", async () => {
    const { inner, resolver } = catalog();
    const stale = offerId({ definitionId: 'tck-agree', assetId: 'ACN0104', policyHash: '0123456789abcdef' });
    const explained = await resolver.explain?.(stale, agent);
    expect(explained).toMatchObject({ currentOfferId: current, reason: expect.stringContaining('changed since the offer was made') });
    expect(explained).toEqual(await inner.explain?.(stale, agent));
  });

  it("names what an alias's contract definition or contract policy lost, without revealing it to the requester", async () => {
    const { policies, definitions, resolver } = catalog();
    policies.delete('open');
    expect(await resolver.explain?.('CD123:ACN0104:456', agent)).toEqual({
      reason: "the contract policy 'open' of contract definition 'tck-agree' that the TCK offer alias 'CD123:ACN0104:456' stands for no longer exists",
      publicReason: "unknown offer 'CD123:ACN0104:456'",
    });
    definitions.delete('tck-agree');
    expect((await resolver.explain?.('CD123:ACN0104:456', agent))?.reason).toBe(
      "the contract definition 'tck-agree' that the TCK offer alias 'CD123:ACN0104:456' stands for no longer exists",
    );
  });

  it('adds no explain to a resolver that has none', () => {
    const { resolver } = catalog();
    const bare: OfferResolver = { resolve: resolver.resolve };
    const lookup = { findDefinition: async () => undefined, findAsset: async () => undefined, findPolicy: async () => undefined };
    expect(withOfferAliases(bare, [{ offerId: 'a', contractDefinitionId: 'd', assetId: 'x' }], lookup).explain).toBeUndefined();
  });
});
