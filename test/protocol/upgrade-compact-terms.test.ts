import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { toOdrlOffer } from '../../catalog/index.js';
import type { ContractNegotiation } from '../../connector/negotiation/contract-negotiation.js';
import type { OfferResolver, ResolvedOffer } from '../../connector/negotiation/offer-resolver.js';
import { sameRules } from '../../connector/negotiation/same-rules.js';
import { consumerMessages as msg, PROVIDER, providerHarness, type ProviderHarness } from '../helpers/provider-negotiation-harness.js';
import { TEST_PG_URL, type Backend } from '../helpers/test-database.js';

/**
 * A store written by an older Kontor holds a negotiation's terms as that build's offers carried them, with compact
 * `cx-policy:` names; the current build resolves the same offer with full IRIs (toOdrlOffer). Same terms, other
 * spelling: the provider decides on them as on its own offer. One approval agrees; no counter-offer, no second approval.
 */
const OFFER_ID = 'urn:kontor:offer:cd-manual:a2:6301553739c8517d';
const CONSUMER = 'did:web:127.0.0.1%3A24102';
const MEMBERSHIP_POLICY = { '@type': 'Set', permission: [{ action: 'use', constraint: [{ leftOperand: 'cx-policy:Membership', operator: 'eq', rightOperand: 'active' }] }] };
/** The terms as the older build's offer carried them (`contract_negotiations.body` of its store). */
const COMPACT_TERMS = {
  '@id': OFFER_ID,
  '@type': 'Offer',
  assigner: PROVIDER,
  permission: [{ action: 'use', constraint: [{ leftOperand: 'cx-policy:Membership', operator: 'eq', rightOperand: 'active' }] }],
  target: 'a2',
};
const CONSUMER_AGENT = {
  id: CONSUMER,
  claims: { credentialTypes: ['MembershipCredential'], membership: { active: true, issuer: 'did:web:127.0.0.1%3A24100' }, legalName: 'consumer', roles: ['consumer'] },
};

/** The body of a provider negotiation waiting for manual approval, as the older build's store held it (ids kept). */
function storedBody(callback: string, providerPid: string, consumerPid: string, at: number) {
  return {
    role: 'provider',
    consumerPid,
    providerPid,
    counterPartyAddress: callback,
    offer: COMPACT_TERMS,
    catalogOfferId: OFFER_ID,
    assetId: 'a2',
    contractDefinitionId: 'cd-manual',
    handledMessages: [],
    history: [{ state: 'REQUESTED', at, cause: 'ContractRequestMessage received' }],
    consumerAgent: CONSUMER_AGENT,
  };
}

const BACKENDS: { backend: Backend; skip: boolean }[] = [
  { backend: 'sqlite', skip: false },
  { backend: 'postgres', skip: !TEST_PG_URL },
];
let seq = 0;

describe.each(BACKENDS)('a negotiation an older build stored with compact terms, on $backend', ({ backend, skip }) => {
  let h: ProviderHarness;
  let approval: 'auto' | 'manual' = 'manual';
  /** The current build's offer for the definition: full IRIs. */
  const built = toOdrlOffer(MEMBERSHIP_POLICY, OFFER_ID, PROVIDER);
  if (!built.ok) throw new Error(built.problem);
  const currentOffer = { ...built.offer, target: 'a2' } as Record<string, unknown>;
  const offers: OfferResolver = {
    resolve: async (id): Promise<ResolvedOffer | undefined> =>
      id === OFFER_ID ? { offerId: id, assetId: 'a2', contractDefinitionId: 'cd-manual', approval, offer: currentOffer, contractPolicy: MEMBERSHIP_POLICY } : undefined,
  };

  beforeAll(async () => {
    if (!skip) h = await providerHarness(backend, { offers, auth: { participantId: PROVIDER, tokenFor: async () => 'test', authenticate: async () => CONSUMER_AGENT } as never });
  });
  afterAll(async () => h?.close());
  beforeEach(() => {
    approval = 'manual';
    if (h) {
      h.decisions.length = 0;
      h.sent.length = 0;
    }
  });

  async function seed(): Promise<ContractNegotiation> {
    const n = ++seq;
    const providerPid = `urn:uuid:4a1826d9-e108-43d8-ac5d-3b6b8b1d${String(n).padStart(4, '0')}`;
    const consumerPid = `urn:uuid:2b64d5bf-292d-4b2e-b305-1cb7829f${String(n).padStart(4, '0')}`;
    const at = Date.parse('2026-05-01T00:00:00Z');
    const entity = {
      ...storedBody(h.callback, providerPid, consumerPid, at),
      id: providerPid,
      state: 'REQUESTED',
      stateCount: 1,
      stateTimestamp: at,
      nextAttemptAt: at,
      pending: true,
      version: 0,
      correlationId: consumerPid,
      counterPartyId: CONSUMER,
      createdAt: at,
      updatedAt: at,
    } as unknown as ContractNegotiation;
    await h.stores.negotiations.save(entity);
    return h.stores.negotiations.getById(providerPid);
  }

  it.skipIf(skip)('the terms differ in spelling only (the case this is about)', () => {
    expect(JSON.stringify(currentOffer)).toContain('https://w3id.org/catenax/policy/Membership');
    expect(JSON.stringify(COMPACT_TERMS)).not.toContain('https://w3id.org/catenax/policy/Membership');
  });

  it.skipIf(skip)('one approval agrees on the stored terms: no counter-offer, no second approval', async () => {
    const n = await seed();
    const approved = await h.service.approve(n.id);
    expect(approved).toMatchObject({ state: 'AGREEING', pending: false });
    expect(h.decisions.map((d) => [d.path, d.outcome])).toEqual([['manual-approval', 'agree']]);
    await h.tick();
    const after = await h.stores.negotiations.getById(n.id);
    expect(after.state).toBe('AGREED');
    expect(after.history.map((e) => e.state)).not.toContain('OFFERING');
    expect(h.sent).toEqual(['agreement']);
    const agreement = await h.stores.agreements.getById(String(after.agreementId));
    expect(sameRules(agreement.policy, currentOffer)).toBe(true);
    expect(sameRules(agreement.policy, COMPACT_TERMS)).toBe(true);
  });

  it.skipIf(skip)('a consumer on the older build requesting the compact terms it read: waits for one approval (manual) or agrees at once (automatic)', async () => {
    const manual = await h.protocol.initialRequest(CONSUMER_AGENT, msg.request(`urn:uuid:old-consumer-${++seq}`, COMPACT_TERMS, h.callback));
    expect(manual).toMatchObject({ state: 'REQUESTED', pending: true });
    expect((await h.service.approve(manual.id)).state).toBe('AGREEING');
    approval = 'auto';
    const auto = await h.protocol.initialRequest(CONSUMER_AGENT, msg.request(`urn:uuid:old-consumer-${++seq}`, COMPACT_TERMS, h.callback));
    expect(auto.state).toBe('AGREEING');
    expect(h.decisions.map((d) => [d.path, d.outcome])).toEqual([
      ['initial-request', 'await-approval'],
      ['manual-approval', 'agree'],
      ['initial-request', 'agree'],
    ]);
  });

  it.skipIf(skip)('the consumer accepts an offer the older build made in compact form: agrees (automatic)', async () => {
    approval = 'auto';
    const n = await seed();
    const offered = { ...n, state: 'OFFERED', pending: false, providerOffer: { offer: COMPACT_TERMS, byOperator: false } } as ContractNegotiation;
    await h.stores.negotiations.save(offered);
    const cur = await h.stores.negotiations.getById(n.id);
    const accepted = await h.protocol.accepted(cur, CONSUMER_AGENT, msg.accepted(cur));
    expect(accepted.state).toBe('AGREEING');
    expect(h.decisions.map((d) => [d.path, d.outcome])).toEqual([['accepted-offer', 'agree']]);
  });

  it.skipIf(skip)('terms that genuinely differ still get our terms back, however they are spelled', async () => {
    const other = { ...COMPACT_TERMS, permission: [{ action: 'use', constraint: [{ leftOperand: 'cx-policy:Membership', operator: 'eq', rightOperand: 'inactive' }] }] };
    const n = await h.protocol.initialRequest(CONSUMER_AGENT, msg.request(`urn:uuid:old-consumer-${++seq}`, other, h.callback));
    expect(n.state).toBe('OFFERING');
    expect(n.offer).toEqual(currentOffer);
    expect(h.decisions.map((d) => [d.path, d.outcome])).toEqual([['initial-request', 'counter-offer']]);
  });
});
