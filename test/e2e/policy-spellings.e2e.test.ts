import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConnector, type RunningConnector } from '../helpers/start-connector.js';
import { negotiationReached, transferReached } from '../helpers/transfer-fixture.js';

const MARKETING = 'https://w3id.org/kontor/purpose/marketing';
const RESEARCH = 'https://w3id.org/kontor/purpose/research';

/** Contract policies in spellings other than the bare compact one, as integrators write them. */
const POLICIES: Record<string, Record<string, unknown>> = {
  // A prohibition under its prefixed key: the offer, the agreement and the engine must all keep it.
  prefixed: {
    '@type': 'Set',
    permission: [{ action: 'use' }],
    'odrl:prohibition': [{ action: 'use', constraint: [{ leftOperand: 'purpose', operator: 'isA', rightOperand: 'purpose:marketing' }] }],
  },
  // A purpose written with the policy's own prefix: offers carry no @context, so it must arrive expanded.
  inline: {
    '@context': { k: 'https://w3id.org/kontor/purpose/' },
    '@type': 'Set',
    permission: [{ action: 'use', constraint: [{ leftOperand: 'purpose', operator: 'isA', rightOperand: { '@id': 'k:research' } }] }],
  },
};

describe('contract policies written with prefixes, through catalog, negotiation and transfer', () => {
  let provider: RunningConnector;
  let consumer: RunningConnector;
  const dsp = () => `${provider.publicUrl}/api/dsp`;

  beforeAll(async () => {
    provider = await startConnector('sqlite');
    consumer = await startConnector('sqlite');
    await provider.api('/api/v1/policies', { method: 'POST', json: { id: 'open', policy: { '@type': 'Set', permission: [{ action: 'use' }] } } });
    for (const [id, policy] of Object.entries(POLICIES)) {
      const asset = await provider.api('/api/v1/assets', {
        method: 'POST',
        json: { id, properties: { title: id }, dataAddress: { type: 'HttpData', baseUrl: 'http://127.0.0.1:9/x' } },
      });
      expect(asset.status).toBe(201);
      expect((await provider.api('/api/v1/policies', { method: 'POST', json: { id: `cp-${id}`, policy } })).status).toBe(201);
      const cd = { id: `cd-${id}`, accessPolicyId: 'open', contractPolicyId: `cp-${id}`, assetsSelector: [{ operandLeft: 'id', operator: '=', operandRight: id }] };
      expect((await provider.api('/api/v1/contract-definitions', { method: 'POST', json: cd })).status).toBe(201);
    }
  });
  afterAll(async () => {
    await consumer?.stop();
    await provider?.stop();
  });

  /** The dataset's one offer in the provider's catalog, as the consumer receives it. */
  const offerOf = async (assetId: string): Promise<Record<string, unknown>> => {
    const res = await consumer.api('/api/v1/catalog/request', { method: 'POST', json: { counterPartyAddress: dsp(), counterPartyId: provider.connector.config.participantId } });
    const body = (await res.json()) as { catalog: { dataset: { '@id': string; hasPolicy: Record<string, unknown>[] }[] } };
    const dataset = body.catalog.dataset.find((d) => d['@id'] === assetId);
    return { ...(dataset?.hasPolicy[0] ?? {}), target: assetId };
  };
  const agreementFor = async (assetId: string) => {
    const offer = await offerOf(assetId);
    const done = negotiationReached(consumer, (e) => (e.to === 'FINALIZED' || e.to === 'TERMINATED') && e.negotiation.offer['@id'] === offer['@id']);
    const res = await consumer.api('/api/v1/negotiations', {
      method: 'POST',
      json: { counterPartyAddress: dsp(), counterPartyId: provider.connector.config.participantId, offer },
    });
    expect(res.status).toBe(201);
    const event = await done;
    expect(event.to).toBe('FINALIZED');
    return String(event.negotiation.agreementId);
  };
  const transferState = async (agreementId: string, purpose: string) => {
    const ended = transferReached(consumer, (e) => e.role === 'consumer' && e.transfer.agreementId === agreementId && (e.to === 'STARTED' || e.to === 'TERMINATED'));
    const res = await consumer.api('/api/v1/transfers', { method: 'POST', json: { agreementId, transferType: 'HttpData-PULL', purpose } });
    expect(res.status).toBe(201);
    return (await ended).to;
  };

  it('should store the policy with bare rule keys and offer and agree to its prohibition', async () => {
    const stored = (await (await provider.api('/api/v1/policies/cp-prefixed')).json()) as { policy: Record<string, unknown> };
    expect(Object.keys(stored.policy)).toEqual(['@type', 'permission', 'prohibition']);
    const offer = await offerOf('prefixed');
    expect(offer.prohibition).toEqual([{ action: 'use', constraint: [{ leftOperand: 'purpose', operator: 'isA', rightOperand: 'purpose:marketing' }] }]);
    const agreementId = await agreementFor('prefixed');
    const agreement = (await (await provider.api(`/api/v1/agreements/${encodeURIComponent(agreementId)}`)).json()) as { policy: Record<string, unknown> };
    expect(agreement.policy.prohibition).toEqual(offer.prohibition);
    expect(await transferState(agreementId, MARKETING)).toBe('TERMINATED');
    expect(await transferState(agreementId, RESEARCH)).toBe('STARTED');
    // The denial is in the provider's audit log, as negotiation and catalog decisions are.
    const audit = (await (await provider.api(`/api/v1/audit?agreementId=${encodeURIComponent(agreementId)}&limit=100`)).json()) as {
      items: { type: string; data: Record<string, unknown> }[];
    };
    const denials = audit.items.filter((e) => e.type === 'policy.decision' && e.data.scope === 'transfer');
    expect(denials).toEqual([
      expect.objectContaining({
        data: expect.objectContaining({ decision: 'deny', occasion: 'request', assetId: 'prefixed', purpose: MARKETING, reason: expect.stringMatching(/prohibit/) }),
      }),
    ]);
  });

  it("should offer a purpose written with the policy's own prefix as its full IRI, and honour it at transfer", async () => {
    const offer = await offerOf('inline');
    expect(offer.permission).toEqual([{ action: 'use', constraint: [{ leftOperand: 'purpose', operator: 'isA', rightOperand: { '@id': RESEARCH } }] }]);
    const agreementId = await agreementFor('inline');
    expect(await transferState(agreementId, RESEARCH)).toBe('STARTED');
    expect(await transferState(agreementId, MARKETING)).toBe('TERMINATED');
  });

  it('should refuse a policy that names one rule kind twice, pointing at the second key', async () => {
    const res = await provider.api('/api/v1/policies', {
      method: 'POST',
      json: { id: 'twice', policy: { permission: [{ action: 'use' }], 'odrl:permission': [{ action: 'use' }] } },
    });
    expect(res.status).toBe(400);
    const problem = (await res.json()) as { code: string; errors: { pointer: string }[] };
    // Pointers into the policy, as for its other checks.
    expect(problem.code).toBe('VALIDATION_FAILED');
    expect(problem.errors.map((v) => v.pointer)).toEqual(['/odrl:permission']);
    expect((await provider.api('/api/v1/policies/twice')).status).toBe(404);
  });
});
