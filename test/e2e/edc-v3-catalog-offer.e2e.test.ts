import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LooseJson } from '../helpers/loose-json.js';
import { startConnector, type RunningConnector } from '../helpers/start-connector.js';
import { asList, consumerReached, post } from '../helpers/edc-v3-calls.js';

const V3_CONTEXT = { '@vocab': 'https://w3id.org/edc/v0.0.1/ns/' };

describe("an EDC v3 contract request carrying the offer copied from Kontor's own v3 catalog answer, between two Kontor connectors", () => {
  let provider: RunningConnector;
  let consumer: RunningConnector;
  let catalog: LooseJson;
  let offer: LooseJson;
  beforeAll(async () => {
    provider = await startConnector('sqlite', {}, { 'stateMachine.retryBaseMs': 20 });
    consumer = await startConnector('sqlite', {}, { 'stateMachine.retryBaseMs': 20 });
    const create = async (path: string, json: unknown) => expect((await provider.api(path, { method: 'POST', json })).status).toBe(201);
    await create('/api/v1/assets', { id: 'a', properties: { title: 'A' }, dataAddress: { type: 'HttpData', baseUrl: 'http://127.0.0.1:9/' } });
    await create('/api/v1/policies', { id: 'use', policy: { '@type': 'Set', permission: [{ action: 'use' }] } });
    await create('/api/v1/contract-definitions', { id: 'cd', accessPolicyId: 'use', contractPolicyId: 'use' });
    catalog = (await post(consumer, '/catalog/request', { '@context': V3_CONTEXT, ...peer() })).body;
    offer = asList(asList(catalog['dcat:dataset'])[0]?.['odrl:hasPolicy'])[0] as LooseJson;
  });
  afterAll(async () => {
    await consumer?.stop();
    await provider?.stop();
  });

  const peer = () => ({
    counterPartyId: provider.connector.config.participantId,
    counterPartyAddress: `${provider.publicUrl}/api/dsp`,
    protocol: 'dataspace-protocol-http:2025-1',
  });
  /** A ContractRequest under the catalog answer's own `@context`, with this policy. */
  const request = (policy: LooseJson) => ({ '@context': catalog['@context'], '@type': 'ContractRequest', ...peer(), policy });

  it('shows the assigner as a node reference, as the ODRL context types it', () => {
    expect(offer['odrl:assigner']).toEqual({ '@id': provider.connector.config.participantId });
  });

  it.each([
    ['as a node reference', { '@id': 'a' }],
    ['as a plain string (read as the IRI it names)', 'a'],
  ])('ends FINALIZED on the offer sent back unchanged, with the target added %s', async (_label, target) => {
    const finalized = consumerReached(consumer, 'FINALIZED');
    const started = await post(consumer, '/contractnegotiations', request({ ...offer, 'odrl:target': target }));
    expect(started.status, JSON.stringify(started.body)).toBe(200);
    expect((await finalized).id).toBe(String(started.body['@id']));
  });

  it("ends FINALIZED when a rule repeats the offer's target (the same offer), and refuses a rule with another target", async () => {
    const finalized = consumerReached(consumer, 'FINALIZED');
    const policy = (ruleTarget: string) => ({
      '@context': 'http://www.w3.org/ns/odrl.jsonld',
      '@id': offer['@id'],
      '@type': 'Offer',
      assigner: provider.connector.config.participantId,
      target: 'a',
      permission: [{ action: 'use', target: ruleTarget }],
    });
    const started = await post(consumer, '/contractnegotiations', { ...request(policy('a')), '@context': V3_CONTEXT });
    expect(started.status, JSON.stringify(started.body)).toBe(200);
    expect((await finalized).id).toBe(String(started.body['@id']));
    const other = await post(consumer, '/contractnegotiations', { ...request(policy('b')), '@context': V3_CONTEXT });
    expect(other.status).toBe(400);
    expect(other.body.errors).toEqual([{ pointer: '/policy/permission/0/target', message: expect.stringMatching(/policy's target/) }]);
  });

  it('refuses a key the ODRL context cannot read, naming it, instead of storing and ignoring it', async () => {
    const res = await post(consumer, '/contractnegotiations', request({ ...offer, 'odrl:target': { '@id': 'a' }, 'odrl:assignee': { '@id': 'did:web:x' }, 'dct:title': 'x' }));
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ pointer: '/policy/dct:title', message: expect.any(String) }]);
  });
});
