import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { offerId, policyContentHash, toOdrlOffer } from '../../catalog/index.js';
import type { ConnectorEvents } from '../../connector/connector.js';
import { startConnector, type RunningConnector } from '../helpers/start-connector.js';
import { BACKENDS } from '../helpers/test-database.js';

const policy = {
  '@type': 'Set',
  permission: [{ action: 'use', constraint: [{ leftOperand: 'purpose', operator: 'isA', rightOperand: 'https://w3id.org/kontor/purpose/research' }] }],
};

/** Resolves when the connector's negotiation reaches `state` (event-driven; bounded by the test timeout). */
function reached(c: RunningConnector, predicate: (e: ConnectorEvents['negotiation.stateChanged']) => boolean): Promise<ConnectorEvents['negotiation.stateChanged']> {
  return new Promise((resolve) => {
    const off = c.connector.events.on('negotiation.stateChanged', (e) => {
      if (predicate(e)) {
        off();
        resolve(e);
      }
    });
  });
}

describe.each(BACKENDS)('contract negotiation between two connectors on $backend', ({ backend, skip }) => {
  let provider: RunningConnector;
  let consumer: RunningConnector;
  let offer: Record<string, unknown>;

  beforeAll(async () => {
    if (skip) return;
    provider = await startConnector(backend, {}, { 'stateMachine.retryBaseMs': 20 });
    consumer = await startConnector(backend, {}, { 'stateMachine.retryBaseMs': 20 });
    await provider.api('/api/v1/assets', {
      method: 'POST',
      json: { id: 'penguins', properties: { title: 'Penguins' }, dataAddress: { type: 'HttpData', baseUrl: 'http://127.0.0.1:9/x' } },
    });
    await provider.api('/api/v1/policies', { method: 'POST', json: { id: 'research', policy } });
    await provider.api('/api/v1/policies', { method: 'POST', json: { id: 'open', policy: { '@type': 'Set', permission: [{ action: 'use' }] } } });
    await provider.api('/api/v1/contract-definitions', {
      method: 'POST',
      json: { id: 'cd', accessPolicyId: 'open', contractPolicyId: 'research', assetsSelector: [{ operandLeft: 'id', operator: '=', operandRight: 'penguins' }] },
    });
    const id = offerId({ definitionId: 'cd', assetId: 'penguins', policyHash: policyContentHash(policy) });
    const built = toOdrlOffer(policy, id, provider.connector.config.participantId);
    if (!built.ok) throw new Error(built.problem);
    offer = { ...built.offer, target: 'penguins' };
  });
  afterAll(async () => {
    await consumer?.stop();
    await provider?.stop();
  });

  it.skipIf(skip)('should reach FINALIZED on both sides with one agreement each, in both roles', async () => {
    const providerDone = reached(provider, (e) => e.to === 'FINALIZED');
    const consumerDone = reached(consumer, (e) => e.to === 'FINALIZED');
    const res = await consumer.api('/api/v1/negotiations', {
      method: 'POST',
      json: { counterPartyAddress: `${provider.publicUrl}/api/dsp`, counterPartyId: provider.connector.config.participantId, offer },
    });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };
    await Promise.all([providerDone, consumerDone]);
    const n = (await (await consumer.api(`/api/v1/negotiations/${encodeURIComponent(id)}`)).json()) as { state: string; agreementId: string; history: { state: string }[] };
    expect(n.state).toBe('FINALIZED');
    expect(n.history.map((h) => h.state)).toEqual(['REQUESTING', 'REQUESTED', 'AGREED', 'VERIFYING', 'VERIFIED', 'FINALIZED']);
    const a = (await (await consumer.api(`/api/v1/agreements/${encodeURIComponent(n.agreementId)}`)).json()) as Record<string, unknown>;
    expect(a).toMatchObject({ assignee: consumer.connector.config.participantId, assigner: provider.connector.config.participantId, assetId: 'penguins', status: 'active' });
    const providerAgreements = (await (await provider.api('/api/v1/agreements')).json()) as { items: { id: string }[] };
    expect(providerAgreements.items.map((x) => x.id)).toEqual([n.agreementId]);
  });

  it.skipIf(skip)('should refuse a counterPartyAddress with a query, a fragment or credentials, naming it, and start nothing', async () => {
    const before = ((await (await consumer.api('/api/v1/negotiations')).json()) as { items: unknown[] }).items.length;
    const base = `${provider.publicUrl}/api/dsp`;
    for (const address of [`${base}?tenant=a`, `${base}#f`, base.replace('http://', 'http://user:pw@')]) {
      const res = await consumer.api('/api/v1/negotiations', {
        method: 'POST',
        json: { counterPartyAddress: address, counterPartyId: provider.connector.config.participantId, offer },
      });
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ pointer: '/counterPartyAddress' }] });
    }
    expect(((await (await consumer.api('/api/v1/negotiations')).json()) as { items: unknown[] }).items).toHaveLength(before);
  });

  it.skipIf(skip)('should counter-offer the provider terms when the consumer changes them, then agree', async () => {
    const changed = { ...offer, permission: [{ action: 'use' }] };
    const consumerDone = reached(consumer, (e) => e.to === 'FINALIZED');
    const res = await consumer.api('/api/v1/negotiations', {
      method: 'POST',
      json: { counterPartyAddress: `${provider.publicUrl}/api/dsp`, counterPartyId: provider.connector.config.participantId, offer: changed },
    });
    const { id } = (await res.json()) as { id: string };
    const done = await consumerDone;
    expect(done.id).toBe(id);
    expect(done.negotiation.history.map((h) => h.state)).toContain('OFFERED');
    expect(done.negotiation.offer.permission).toEqual(offer.permission);
  });

  it.skipIf(skip)('should end TERMINATED on both sides when the offer id is unknown', async () => {
    const consumerEnd = reached(consumer, (e) => e.to === 'TERMINATED');
    await consumer.api('/api/v1/negotiations', {
      method: 'POST',
      json: { counterPartyAddress: `${provider.publicUrl}/api/dsp`, counterPartyId: provider.connector.config.participantId, offer: { ...offer, '@id': 'urn:kontor:offer:ghost' } },
    });
    const end = await consumerEnd;
    expect(end.negotiation.errorDetail).toContain('PEER_REJECTED');
  });
});
