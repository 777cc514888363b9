import { readFileSync } from 'node:fs';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../core/index.js';
import { createPolicyEngine } from '../../policy/index.js';
import { openApiDocument } from '../../connector/api/openapi-document.js';
import { RequestValidator } from '../../connector/http/request-validator.js';
import { catalogOfferResolver } from '../../connector/negotiation/catalog-offer-resolver.js';
import { createStores, type Stores } from '../../connector/store/sql/create-stores.js';
import { withOfferAliases } from '../../connector/tck/offer-aliases.js';
import { seedTckFixtures } from '../../connector/tck/seed-tck-fixtures.js';
import { parseTckFixtures } from '../../connector/tck/tck-fixtures.js';
import { testStoreConfig, type TestDatabase } from '../helpers/test-database.js';

const fixtures = parseTckFixtures(readFileSync(new URL('../../examples/tck/fixtures.json', import.meta.url), 'utf8'), new RequestValidator(openApiDocument));
const engine = createPolicyEngine();
const tck = { id: 'TCK_PARTICIPANT', claims: { credentialTypes: ['MembershipCredential'], membership: { active: true } } };

describe('seeding the TCK fixtures', () => {
  let location: TestDatabase;
  let stores: Stores;
  const seed = () => seedTckFixtures(fixtures, { stores, participantId: 'CONNECTOR_UNDER_TEST', clock: systemClock, checkPolicy: (p) => void engine.parse(p) });
  beforeAll(async () => {
    location = testStoreConfig('sqlite');
    stores = await createStores(location.config, { clock: systemClock, logger: pino({ level: 'silent' }) });
  });
  afterAll(async () => {
    await stores?.close();
    await location?.cleanup();
  });

  it('should store each agreement with the FINALIZED negotiation behind it, once, however often it runs', async () => {
    await seed();
    await seed();
    const provider = await stores.agreements.getById('ATP0101');
    expect(provider).toMatchObject({ assigner: 'CONNECTOR_UNDER_TEST', assignee: 'TCK_PARTICIPANT', assetId: 'ATP0101', status: 'active' });
    expect(provider.policy).toMatchObject({ '@type': 'Agreement', target: 'ATP0101', permission: [{ action: 'use' }] });
    expect(await stores.negotiations.getById(provider.negotiationId)).toMatchObject({
      role: 'provider',
      state: 'FINALIZED',
      counterPartyId: 'TCK_PARTICIPANT',
      agreementId: 'ATP0101',
    });
    expect(await stores.agreements.getById('ATPC0101')).toMatchObject({ assigner: 'TCK_PARTICIPANT', assignee: 'CONNECTOR_UNDER_TEST' });
    expect((await stores.negotiations.list({ states: ['FINALIZED'], offset: 0, limit: 100 })).total).toBe(fixtures.agreements.length);
  });

  it("should resolve the TCK's offer ids to the current offer of the definition they alias, and only those", async () => {
    const lookup = {
      findDefinition: (id: string) => stores.contractDefinitions.findById(id),
      findAsset: (id: string) => stores.assets.findById(id),
      findPolicy: (id: string) => stores.policies.findById(id),
    };
    const resolver = withOfferAliases(
      catalogOfferResolver({ lookup, engine, participantId: 'CONNECTOR_UNDER_TEST', clock: systemClock, logger: pino({ level: 'silent' }) }),
      fixtures.offerAliases,
      lookup,
    );
    expect(await resolver.resolve('CD123:ACN0104:456', tck)).toMatchObject({
      assetId: 'ACN0104',
      contractDefinitionId: 'tck-agree',
      approval: 'auto',
      offerId: expect.stringMatching(/^urn:kontor:offer:tck-agree:ACN0104:/),
    });
    expect(await resolver.resolve('CD123:ACN0202:456', tck)).toMatchObject({ contractDefinitionId: 'tck-manual', approval: 'manual' });
    expect(await resolver.resolve('CD123:ACN9999:456', tck)).toBeUndefined();
  });
});
