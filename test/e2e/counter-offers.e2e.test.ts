import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { offerId, policyContentHash, toOdrlOffer } from '../../catalog/index.js';
import type { ConnectorEvents } from '../../connector/connector.js';
import { eventually } from '../helpers/eventually.js';
import { startConnector, type RunningConnector } from '../helpers/start-connector.js';

/** Counter-offers from both sides through the management API, between two connectors on loopback. */
const OPEN = { '@type': 'Set', permission: [{ action: 'use' }] };
const RESEARCH = [{ action: 'use', constraint: [{ leftOperand: 'purpose', operator: 'eq', rightOperand: 'https://w3id.org/kontor/purpose/research' }] }];
let provider: RunningConnector;
let consumer: RunningConnector;
const offers: Record<string, Record<string, unknown>> = {};

type Negotiation = { id: string; state: string; pending: boolean; offer: Record<string, unknown>; agreementId: string | null };
const get = async (c: RunningConnector, id: string) => (await (await c.api(`/api/v1/negotiations/${encodeURIComponent(id)}`)).json()) as Negotiation;
const post = async (c: RunningConnector, path: string, json?: unknown) => c.api(path, { method: 'POST', ...(json === undefined ? {} : { json }) });
const waitFor = (c: RunningConnector, match: (e: ConnectorEvents['negotiation.stateChanged']) => boolean) =>
  new Promise<ConnectorEvents['negotiation.stateChanged']>((resolve) => {
    const off = c.connector.events.on('negotiation.stateChanged', (e) => {
      if (match(e)) {
        off();
        resolve(e);
      }
    });
  });

beforeAll(async () => {
  provider = await startConnector('sqlite', {}, { 'stateMachine.retryBaseMs': 20 });
  consumer = await startConnector('sqlite', {}, { 'stateMachine.retryBaseMs': 20 });
  await post(provider, '/api/v1/assets', { id: 'a1', properties: { title: 'A' }, dataAddress: { type: 'HttpData', baseUrl: 'http://127.0.0.1:9/' } });
  await post(provider, '/api/v1/policies', { id: 'open', policy: OPEN });
  for (const [id, approval] of [
    ['auto', 'auto'],
    ['manual', 'manual'],
  ] as const) {
    await post(provider, '/api/v1/contract-definitions', { id, accessPolicyId: 'open', contractPolicyId: 'open', approval });
    const built = toOdrlOffer(OPEN, offerId({ definitionId: id, assetId: 'a1', policyHash: policyContentHash(OPEN) }), provider.connector.config.participantId);
    if (!built.ok) throw new Error(built.problem);
    offers[id] = { ...built.offer, target: 'a1' };
  }
});
afterAll(async () => {
  await consumer?.stop();
  await provider?.stop();
});

const start = async (offer: Record<string, unknown>, acceptCounterOffers?: boolean) =>
  (
    (await (
      await post(consumer, '/api/v1/negotiations', {
        counterPartyAddress: `${provider.publicUrl}/api/dsp`,
        counterPartyId: provider.connector.config.participantId,
        offer,
        ...(acceptCounterOffers === undefined ? {} : { acceptCounterOffers }),
      })
    ).json()) as { id: string }
  ).id;

describe('counter-offers from both sides', () => {
  it("a consumer that keeps counter-offers waiting answers the provider's terms with its own, then accepts the provider's", async () => {
    const offered = waitFor(consumer, (e) => e.to === 'OFFERED');
    const id = await start({ ...offers.auto, permission: RESEARCH }, false);
    await offered;
    const waiting = await eventually('the offer waits for the operator', async () => ((n) => (n.pending ? n : undefined))(await get(consumer, id)));
    expect(waiting.state).toBe('OFFERED');
    expect(waiting.offer.permission).toEqual(OPEN.permission);
    // Our own terms again: the provider stands by its terms and offers them once more.
    const offeredAgain = waitFor(consumer, (e) => e.id === id && e.to === 'OFFERED');
    expect((await post(consumer, `/api/v1/negotiations/${encodeURIComponent(id)}/counter-offer`, { permission: RESEARCH })).status).toBe(200);
    await offeredAgain;
    await eventually('the offer waits for the operator', async () => ((n) => (n.pending ? n : undefined))(await get(consumer, id)));
    const finalized = waitFor(consumer, (e) => e.id === id && (e.to === 'FINALIZED' || e.to === 'TERMINATED'));
    expect((await post(consumer, `/api/v1/negotiations/${encodeURIComponent(id)}/accept`)).status).toBe(200);
    expect((await finalized).to).toBe('FINALIZED');
    const agreement = (await (await consumer.api(`/api/v1/agreements/${encodeURIComponent(String((await get(consumer, id)).agreementId))}`)).json()) as {
      policy: Record<string, unknown>;
    };
    expect(agreement.policy.permission).toEqual(OPEN.permission);
  });

  it("a provider's operator answers a request waiting for approval with other terms; the consumer's acceptance is the agreement on them", async () => {
    const requested = waitFor(provider, (e) => e.role === 'provider' && e.to === 'REQUESTED');
    const id = await start(offers.manual as Record<string, unknown>);
    const providerId = (await requested).id;
    await eventually('the request waits for approval', async () => ((n) => (n.pending ? n : undefined))(await get(provider, providerId)));
    const finalized = waitFor(consumer, (e) => e.id === id && (e.to === 'FINALIZED' || e.to === 'TERMINATED'));
    const res = await post(provider, `/api/v1/negotiations/${encodeURIComponent(providerId)}/counter-offer`, { permission: RESEARCH });
    expect(res.status).toBe(200);
    expect(((await res.json()) as Negotiation).state).toBe('OFFERING');
    expect((await finalized).to).toBe('FINALIZED');
    const agreement = (await (await provider.api(`/api/v1/agreements/${encodeURIComponent(String((await get(provider, providerId)).agreementId))}`)).json()) as {
      policy: Record<string, unknown>;
    };
    expect(agreement.policy.permission).toEqual(RESEARCH);
    // The gate's decisions are in the provider's audit log: waiting for the operator, then permitted on ACCEPTED.
    const audit = (await (await provider.api('/api/v1/audit?limit=200')).json()) as { items: { type: string; data: Record<string, unknown> }[] };
    const decisions = audit.items.filter((e) => e.type === 'policy.decision' && e.data.negotiationId === providerId).map((e) => [e.data.path, e.data.decision]);
    expect(decisions).toEqual([
      ['initial-request', 'await-approval'],
      ['accepted-offer', 'permit'],
    ]);
    // State changes reach the log through the outbox relay, a moment after the change (it gathers them for 25 ms).
    await eventually('the AGREED change in the audit log', async () => {
      const log = (await (await provider.api('/api/v1/audit?limit=200')).json()) as { items: { type: string; data: Record<string, unknown> }[] };
      return log.items.some((e) => e.type === 'negotiation' && e.data.id === providerId && e.data.to === 'AGREED') || undefined;
    });
  });

  it('refuses a counter-offer where nothing waits for one, and a body that is not ODRL rules', async () => {
    const finalized = waitFor(consumer, (e) => e.to === 'FINALIZED');
    const id = await start(offers.auto as Record<string, unknown>);
    await finalized;
    expect((await post(consumer, `/api/v1/negotiations/${encodeURIComponent(id)}/counter-offer`, { permission: RESEARCH })).status).toBe(409);
    expect((await post(consumer, `/api/v1/negotiations/${encodeURIComponent(id)}/counter-offer`, { rules: [] })).status).toBe(400);
    const unreadable = await post(consumer, `/api/v1/negotiations/${encodeURIComponent(id)}/counter-offer`, {
      permission: [{ action: 'use', constraint: [{ leftOperand: 'no-such-term', operator: 'eq', rightOperand: 'x' }] }],
    });
    expect(unreadable.status).toBe(400);
    expect(((await unreadable.json()) as { code: string }).code).toBe('POLICY_INVALID');
    expect((await post(consumer, `/api/v1/negotiations/${encodeURIComponent(id)}/accept`)).status).toBe(409);
  });
});
