import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { offerId, policyContentHash } from '../../catalog/index.js';
import { startConnector, type RunningConnector } from '../helpers/start-connector.js';
import { consumerReached, get, post } from '../helpers/edc-v3-calls.js';
import { negotiationReached } from '../helpers/transfer-fixture.js';

/** The provider's terms: use until 2099 (a consumer asking for no rules at all asks for other terms). */
const POLICY = { '@type': 'Set', permission: [{ action: 'use', constraint: [{ leftOperand: 'dateTime', operator: 'lt', rightOperand: '2099-01-01T00:00:00Z' }] }] };

describe('an EDC v3 contract request on other terms than the offer, between two Kontor connectors', () => {
  let provider: RunningConnector;
  let consumer: RunningConnector;
  beforeAll(async () => {
    provider = await startConnector('sqlite', {}, { 'stateMachine.retryBaseMs': 20 });
    consumer = await startConnector('sqlite', {}, { 'stateMachine.retryBaseMs': 20 });
    const create = async (path: string, json: unknown) => expect((await provider.api(path, { method: 'POST', json })).status).toBe(201);
    await create('/api/v1/assets', { id: 'a', properties: { title: 'A' }, dataAddress: { type: 'HttpData', baseUrl: 'http://127.0.0.1:9/' } });
    await create('/api/v1/policies', { id: 'until-2099', policy: POLICY });
    await create('/api/v1/contract-definitions', { id: 'cd', accessPolicyId: 'until-2099', contractPolicyId: 'until-2099' });
  });
  afterAll(async () => {
    await consumer?.stop();
    await provider?.stop();
  });

  /** An EDC v3 ContractRequest for our offer, with these rules (none: allow-all as EDC reads it). */
  const request = (rules: Record<string, unknown>) => ({
    '@context': { '@vocab': 'https://w3id.org/edc/v0.0.1/ns/' },
    '@type': 'ContractRequest',
    counterPartyId: provider.connector.config.participantId,
    counterPartyAddress: `${provider.publicUrl}/api/dsp`,
    protocol: 'dataspace-protocol-http:2025-1',
    policy: {
      '@context': 'http://www.w3.org/ns/odrl.jsonld',
      '@id': offerId({ definitionId: 'cd', assetId: 'a', policyHash: policyContentHash(POLICY) }),
      '@type': 'Offer',
      assigner: provider.connector.config.participantId,
      target: 'a',
      ...rules,
    },
  });

  it('ends FINALIZED on the offer as the catalog gives it, its one constraint written as an object (as EDC compacts it)', async () => {
    const finalized = consumerReached(consumer, 'FINALIZED');
    const constraint = (POLICY.permission[0] as { constraint: unknown[] }).constraint[0];
    const started = await post(consumer, '/contractnegotiations', request({ permission: { action: 'use', constraint } }));
    expect(started.status, JSON.stringify(started.body)).toBe(200);
    expect((await finalized).id).toBe(String(started.body['@id']));
  });

  it('ends TERMINATED with the reason, as an EDC consumer would, instead of an agreement on the provider’s counter-offer', async () => {
    const terminated = consumerReached(consumer, 'TERMINATED');
    const providerEnded = negotiationReached(provider, (e) => e.role === 'provider' && e.to === 'TERMINATED');
    const started = await post(consumer, '/contractnegotiations', request({}));
    expect(started.status, JSON.stringify(started.body)).toBe(200);
    const id = String(started.body['@id']);
    expect((await terminated).id).toBe(id);
    expect((await providerEnded).negotiation.consumerPid).toBe(id);
    const negotiation = await get(consumer, `/contractnegotiations/${encodeURIComponent(id)}`);
    expect(negotiation).toMatchObject({ state: 'TERMINATED' });
    expect(String(negotiation.errorDetail)).toMatch(/the provider answered with other terms \(a counter-offer\)/);
    // Only the first test's agreement: none on the provider's counter-offer.
    expect(await consumer.connector.stores.agreements.list({ offset: 0, limit: 10 })).toMatchObject({ total: 1 });
    expect(await provider.connector.stores.agreements.list({ offset: 0, limit: 10 })).toMatchObject({ total: 1 });
  });
});
