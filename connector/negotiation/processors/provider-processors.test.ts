import { afterEach, describe, expect, it } from 'vitest';
import { negotiationUnit, OFFER, type NegotiationUnit } from '../../../test/helpers/negotiation-unit.js';
import { agreementIdFor } from './provider-processors.js';

let unit: NegotiationUnit;
afterEach(async () => unit.close());
const grant = { path: 'automatic', at: 0, offer: OFFER };
const consumerPath = (tail: string) => `negotiations/urn%3Auuid%3Aconsumer-1/${tail}`;

describe('provider negotiation processors (one tick each, fixed clock)', () => {
  it("OFFERING: sends our ContractOfferMessage to the consumer's callback and is OFFERED, the mark saved before it left", async () => {
    unit = await negotiationUnit();
    const n = await unit.seed({ role: 'provider', state: 'OFFERING' });
    unit.peer.during = async () => expect((await unit.get(n.id)).messageOut).toBe(true);
    await unit.tick();
    expect(unit.peer.received).toEqual([
      { path: consumerPath('offers'), body: expect.objectContaining({ '@type': 'ContractOfferMessage', providerPid: n.id, consumerPid: n.consumerPid, offer: OFFER }) },
    ]);
    expect((await unit.get(n.id)).state).toBe('OFFERED');
  });

  it("AGREEING with the gate's grant: signs one agreement under the stable id, sends it, and is AGREED", async () => {
    unit = await negotiationUnit();
    const n = await unit.seed({ role: 'provider', state: 'AGREEING', assetId: 'asset-1', agreementGrant: grant });
    await unit.tick();
    const agreement = await unit.stores.agreements.findById(agreementIdFor(n.id));
    expect(agreement).toMatchObject({ negotiationId: n.id, assignee: n.counterPartyId, assetId: 'asset-1', status: 'active', signedAt: unit.clock.now() });
    expect(unit.peer.received).toEqual([
      {
        path: consumerPath('agreement'),
        body: expect.objectContaining({
          '@type': 'ContractAgreementMessage',
          agreement: expect.objectContaining({ '@id': agreement?.id, '@type': 'Agreement', permission: OFFER.permission }),
        }),
      },
    ]);
    expect(await unit.get(n.id)).toMatchObject({ state: 'AGREED', agreementId: agreement?.id });
  });

  it('AGREEING retried after an unavailable consumer: the same agreement, not a second one', async () => {
    unit = await negotiationUnit({ retryLimit: 2 });
    unit.peer.answer = { status: 503, body: {} };
    const n = await unit.seed({ role: 'provider', state: 'AGREEING', agreementGrant: grant });
    await unit.tick();
    expect(await unit.get(n.id)).toMatchObject({ state: 'AGREEING', stateCount: 2, messageOut: true });
    // Stored with the mark, before it first went out; the negotiation's row holds no copy of it.
    expect(await unit.stores.agreements.findById(agreementIdFor(n.id))).toMatchObject({ negotiationId: n.id });
    expect(await unit.get(n.id)).not.toHaveProperty('keepAgreement');
    unit.peer.answer = { status: 200, body: {} };
    unit.clock.advance(1);
    await unit.tick();
    expect((await unit.get(n.id)).state).toBe('AGREED');
    const sent = unit.peer.received.map((r) => (r.body.agreement as Record<string, unknown>)['@id']);
    expect(sent).toEqual([agreementIdFor(n.id), agreementIdFor(n.id)]);
  });

  it.each([
    ['without a grant of the agreement gate', {}, /no decision of the agreement gate/],
    [
      'when the terms changed after the grant',
      { agreementGrant: { ...grant, offer: { ...OFFER, permission: [{ action: 'display' }] } } },
      /terms changed after the agreement gate/,
    ],
  ])('AGREEING %s: signs nothing, sends nothing, TERMINATING with the reason', async (_case, fields, reason) => {
    unit = await negotiationUnit();
    const n = await unit.seed({ role: 'provider', state: 'AGREEING', ...fields });
    await unit.tick();
    expect(unit.peer.received).toEqual([]);
    expect(await unit.stores.agreements.findById(agreementIdFor(n.id))).toBeUndefined();
    expect(await unit.get(n.id)).toMatchObject({ state: 'TERMINATING', terminationReason: expect.stringMatching(reason) });
  });

  it('FINALIZING: sends the FINALIZED event and is FINALIZED', async () => {
    unit = await negotiationUnit();
    const n = await unit.seed({ role: 'provider', state: 'FINALIZING' });
    await unit.tick();
    expect(unit.peer.received).toEqual([{ path: consumerPath('events'), body: expect.objectContaining({ '@type': 'ContractNegotiationEventMessage', eventType: 'FINALIZED' }) }]);
    expect((await unit.get(n.id)).state).toBe('FINALIZED');
  });

  it.each([
    ['OFFERING', {}],
    ['AGREEING', { agreementGrant: grant }],
    ['FINALIZING', {}],
  ] as const)('%s: a refusal by the consumer is final: TERMINATING with the reason', async (state, fields) => {
    unit = await negotiationUnit();
    unit.peer.answer = { status: 409, body: {} };
    const n = await unit.seed({ role: 'provider', state, ...fields });
    await unit.tick();
    expect(await unit.get(n.id)).toMatchObject({
      state: 'TERMINATING',
      terminationReason: expect.stringMatching(/answered 409/),
      errorDetail: expect.stringMatching(/^PEER_REJECTED/),
    });
  });

  it('TERMINATING: tells the consumer and is TERMINATED', async () => {
    unit = await negotiationUnit();
    const n = await unit.seed({ role: 'provider', state: 'TERMINATING', providerPid: 'urn:uuid:seed-1', id: 'urn:uuid:seed-1', terminationReason: 'refused' });
    await unit.tick();
    expect(unit.peer.received).toEqual([
      { path: consumerPath('termination'), body: expect.objectContaining({ '@type': 'ContractNegotiationTerminationMessage', providerPid: n.id, reason: ['refused'] }) },
    ]);
    expect((await unit.get(n.id)).state).toBe('TERMINATED');
  });
});
