import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectorError } from '../../core/index.js';
import { negotiationUnit, OFFER, type NegotiationUnit } from '../../test/helpers/negotiation-unit.js';
import { CONSUMER, PROVIDER } from '../../test/helpers/provider-negotiation-harness.js';
import type { NegotiationDeps } from './negotiation-deps.js';
import type { ContractNegotiation } from './contract-negotiation.js';
import { AGREEMENT_CREDENTIAL_KEY, consumerNegotiationProtocol } from './consumer-negotiation-protocol.js';

let unit: NegotiationUnit;
afterEach(async () => unit.close());
const CTX = ['https://w3id.org/dspace/2025/1/context.jsonld'];
const P_PID = 'urn:uuid:p-1';
const AGREEMENT = {
  '@id': 'urn:uuid:agreement-1',
  '@type': 'Agreement',
  target: 'asset-1',
  assigner: PROVIDER,
  assignee: CONSUMER,
  timestamp: '2025-12-24T10:00:00Z',
  permission: OFFER.permission,
};
const offerMsg = (n: ContractNegotiation, offer: Record<string, unknown> = OFFER) => ({
  '@context': CTX,
  '@type': 'ContractOfferMessage',
  providerPid: P_PID,
  consumerPid: n.id,
  offer,
});
const agreementMsg = (n: ContractNegotiation, agreement: Record<string, unknown> = AGREEMENT, extra: Record<string, unknown> = {}) => ({
  '@context': CTX,
  '@type': 'ContractAgreementMessage',
  providerPid: P_PID,
  consumerPid: n.id,
  agreement,
  ...extra,
});
const event = (n: ContractNegotiation, eventType: string) => ({ '@context': CTX, '@type': 'ContractNegotiationEventMessage', providerPid: P_PID, consumerPid: n.id, eventType });
const states = (n: ContractNegotiation) => n.history.map((h) => h.state);
const refusal = (run: () => Promise<unknown>) =>
  Promise.resolve()
    .then(run)
    .then(
      () => 'accepted',
      (e: unknown) => `${(e as ConnectorError).code}: ${(e as ConnectorError).detail}`,
    );

/** We are the consumer (CONSUMER); the recording peer is the provider. */
async function setup(overrides: Partial<NegotiationDeps> = {}) {
  unit = await negotiationUnit({ overrides });
  unit.deps.auth = { ...unit.deps.auth, participantId: CONSUMER };
  return consumerNegotiationProtocol(unit.deps);
}

describe('consumer negotiation protocol: offers', () => {
  it("an offer for the requested dataset in REQUESTED: OFFERED and accepted at once (ACCEPTING), the provider's pid recorded", async () => {
    const protocol = await setup();
    const n = await unit.seed({ role: 'consumer', state: 'REQUESTED' });
    const changed = { ...OFFER, permission: [{ action: 'display' }] };
    const after = await protocol.offer(n, offerMsg(n, changed));
    expect(after).toMatchObject({ state: 'ACCEPTING', providerPid: P_PID, correlationId: P_PID, offer: changed, pending: false });
    expect(states(after)).toEqual(['OFFERED', 'ACCEPTING']);
    expect(unit.wakes).toBe(1);
  });

  it.each([
    ['the operator asked to decide counter-offers', { acceptCounterOffers: false }, OFFER],
    ['the offer is for another dataset', {}, { ...OFFER, target: 'asset-2' }],
  ])('waits in OFFERED for the operator when %s', async (_case, fields, offer) => {
    const protocol = await setup();
    const n = await unit.seed({ role: 'consumer', state: 'REQUESTED', ...fields });
    expect(await protocol.offer(n, offerMsg(n, offer))).toMatchObject({ state: 'OFFERED', pending: true, offer });
  });

  it('ends the negotiation on an offer when it takes only the terms it requested (started through the EDC v3 API)', async () => {
    const protocol = await setup();
    const n = await unit.seed({ role: 'consumer', state: 'REQUESTED', refuseCounterOffers: true });
    const after = await protocol.offer(n, offerMsg(n, { ...OFFER, permission: [{ action: 'display' }] }));
    expect(after).toMatchObject({ state: 'TERMINATING', providerPid: P_PID, offer: { permission: [{ action: 'display' }] } });
    expect(after.terminationReason).toBe('the provider answered with other terms (a counter-offer); this negotiation takes only the terms it requested');
    expect(states(after)).toEqual(['OFFERED', 'TERMINATING']);
  });

  it('refuses an offer that names no dataset (DSP: the offer has a target) and changes nothing', async () => {
    const protocol = await setup();
    const n = await unit.seed({ role: 'consumer', state: 'REQUESTED', assetId: 'asset-1' });
    const { target: _t, ...untargeted } = OFFER;
    expect(await refusal(() => protocol.offer(n, offerMsg(n, untargeted)))).toMatch(/^VALIDATION_FAILED: .*\/offer/);
    expect((await unit.get(n.id)).version).toBe(n.version);
  });

  it('compares offers and the agreement with the dataset the negotiation was started for, never with the offer on the table', async () => {
    const protocol = await setup();
    // An earlier offer for asset-2 is on the table; the negotiation was started for asset-1.
    const n = await unit.seed({ role: 'consumer', state: 'REQUESTED', assetId: 'asset-1', offer: { ...OFFER, target: 'asset-2' } });
    expect(await protocol.offer(n, offerMsg(n, { ...OFFER, target: 'asset-2' }))).toMatchObject({ state: 'OFFERED', pending: true });
    const m = await unit.seed({ role: 'consumer', state: 'REQUESTED', providerPid: P_PID, assetId: 'asset-1', offer: { ...OFFER, target: 'asset-2' } });
    expect(await protocol.agreement(m, agreementMsg(m, { ...AGREEMENT, target: 'asset-2' }))).toMatchObject({
      state: 'TERMINATING',
      terminationReason: 'the agreement is for another dataset',
    });
  });

  it('an offer overtaking the acknowledgement of our request (REQUESTING, request out) counts the request as received', async () => {
    const protocol = await setup();
    const n = await unit.seed({ role: 'consumer', state: 'REQUESTING', messageOut: true });
    expect(states(await protocol.offer(n, offerMsg(n)))).toEqual(['REQUESTED', 'OFFERED', 'ACCEPTING']);
  });

  it.each([
    ['from another provider process', { state: 'REQUESTED', providerPid: 'urn:uuid:p-other' }, /^NOT_FOUND: providerPid does not match/],
    ['while our request has not gone out', { state: 'REQUESTING' }, /^INVALID_TRANSITION: a offer message is not valid while this negotiation is REQUESTING/],
    ['after an agreement', { state: 'AGREED' }, /^INVALID_TRANSITION: /],
  ] as const)('refuses an offer %s and changes nothing', async (_case, fields, reason) => {
    const protocol = await setup();
    const n = await unit.seed({ role: 'consumer', ...fields });
    expect(await refusal(() => protocol.offer(n, offerMsg(n)))).toMatch(reason);
    expect((await unit.get(n.id)).version).toBe(n.version);
  });
});

describe('consumer negotiation protocol: agreement', () => {
  it('an agreement on the requested terms: AGREED, checked, then VERIFYING with the agreement kept until FINALIZED', async () => {
    const protocol = await setup();
    const n = await unit.seed({ role: 'consumer', state: 'ACCEPTED', providerPid: P_PID });
    const after = await protocol.agreement(n, agreementMsg(n));
    expect(after).toMatchObject({ state: 'VERIFYING', agreementId: AGREEMENT['@id'], pendingAgreement: { policy: AGREEMENT } });
    expect(states(after)).toEqual(['AGREED', 'VERIFYING']);
    expect(await unit.stores.agreements.findById(AGREEMENT['@id'])).toBeUndefined();
  });

  it.each([
    ['for another assignee', { ...AGREEMENT, assignee: 'did:web:other' }, {}, "the agreement's assignee is did:web:other, not us"],
    ['from another assigner', { ...AGREEMENT, assigner: 'did:web:other' }, {}, "the agreement's assigner is did:web:other, not the provider"],
    ['for another dataset', { ...AGREEMENT, target: 'asset-2' }, {}, 'the agreement is for another dataset'],
    ['on other rules', { ...AGREEMENT, permission: [{ action: 'display' }] }, {}, 'the agreement states other rules than the offer we requested or accepted'],
    [
      'under an ODRL profile the offer lacks',
      { ...AGREEMENT, profile: 'https://example.com/strict-profile' },
      {},
      'the agreement states other rules than the offer we requested or accepted',
    ],
    ['with a conflict strategy the offer lacks', { ...AGREEMENT, conflict: 'prohibit' }, {}, 'the agreement states other rules than the offer we requested or accepted'],
    ['with a credential that is no credential object', AGREEMENT, { [AGREEMENT_CREDENTIAL_KEY]: 42 }, 'the agreement credential that came with it is not a credential object'],
  ])('an agreement %s: AGREED, then TERMINATING with the reason', async (_case, agreement, extra, reason) => {
    const protocol = await setup();
    const n = await unit.seed({ role: 'consumer', state: 'REQUESTED', providerPid: P_PID });
    const after = await protocol.agreement(n, agreementMsg(n, agreement, extra));
    expect(after).toMatchObject({ state: 'TERMINATING', terminationReason: reason });
    expect(after.pendingAgreement).toBeUndefined();
  });

  it('an agreement whose id names another agreement we hold is refused; the very same agreement (held already) passes', async () => {
    const protocol = await setup();
    const held = { id: AGREEMENT['@id'], negotiationId: 'urn:uuid:other', assigner: PROVIDER, assignee: CONSUMER, assetId: 'asset-1', signedAt: 1, status: 'active' as const };
    await unit.stores.agreements.save({ ...held, policy: { ...AGREEMENT, permission: [{ action: 'display' }] } });
    const n = await unit.seed({ role: 'consumer', state: 'REQUESTED', providerPid: P_PID });
    expect(await protocol.agreement(n, agreementMsg(n))).toMatchObject({
      state: 'TERMINATING',
      terminationReason: `the agreement's id ${AGREEMENT['@id']} names another agreement we hold`,
    });
    const again = { ...AGREEMENT, '@id': 'urn:uuid:held-already' };
    await unit.stores.agreements.save({ ...held, id: again['@id'], policy: again });
    const m = await unit.seed({ role: 'consumer', state: 'REQUESTED', providerPid: P_PID });
    expect(await protocol.agreement(m, agreementMsg(m, again))).toMatchObject({ state: 'VERIFYING' });
  });

  it("an agreement without the credential we require from this provider is refused; the signer's verdict on one that came is kept", async () => {
    const asked: string[] = [];
    const protocol = await setup({
      requireAgreementCredential: (id) => id === PROVIDER,
      signer: {
        sign: async () => undefined,
        verify: async (_agreement: unknown, _credential: unknown, issuer: string) => {
          asked.push(issuer);
          return 'the proof does not verify';
        },
      } as unknown as NegotiationDeps['signer'],
    });
    const bare = await unit.seed({ role: 'consumer', state: 'REQUESTED', providerPid: P_PID });
    expect(await protocol.agreement(bare, agreementMsg(bare))).toMatchObject({
      state: 'TERMINATING',
      terminationReason: 'the agreement comes without its credential, which we require from this provider',
    });
    const signed = await unit.seed({ role: 'consumer', state: 'REQUESTED', providerPid: P_PID });
    const withCredential = agreementMsg(signed, AGREEMENT, { [AGREEMENT_CREDENTIAL_KEY]: { '@value': { type: ['VerifiableCredential'] }, '@type': '@json' } });
    expect(await protocol.agreement(signed, withCredential)).toMatchObject({ state: 'TERMINATING', terminationReason: 'the proof does not verify' });
    expect(asked).toEqual([PROVIDER]);
  });
});

describe('consumer negotiation protocol: finalized', () => {
  it("FINALIZED in VERIFIED: the agreement becomes ours, signed at the provider's timestamp", async () => {
    const protocol = await setup();
    const n = await unit.seed({ role: 'consumer', state: 'VERIFIED', providerPid: P_PID, agreementId: AGREEMENT['@id'], pendingAgreement: { policy: AGREEMENT } });
    expect(await protocol.finalized(n, event(n, 'FINALIZED'))).toMatchObject({ state: 'FINALIZED' });
    expect(await unit.stores.agreements.findById(AGREEMENT['@id'])).toMatchObject({
      negotiationId: n.id,
      assigner: PROVIDER,
      assignee: CONSUMER,
      assetId: 'asset-1',
      status: 'active',
      signedAt: Date.parse(AGREEMENT.timestamp),
      policy: AGREEMENT,
    });
  });

  it('FINALIZED overtaking our verification (VERIFYING, verification out) counts it as acknowledged; without a timestamp the agreement is dated by our clock', async () => {
    const protocol = await setup();
    const { timestamp: _t, ...undated } = AGREEMENT;
    const n = await unit.seed({ role: 'consumer', state: 'VERIFYING', messageOut: true, providerPid: P_PID, pendingAgreement: { policy: undated } });
    expect(states(await protocol.finalized(n, event(n, 'FINALIZED')))).toEqual(['VERIFIED', 'FINALIZED']);
    expect((await unit.stores.agreements.findById(AGREEMENT['@id']))?.signedAt).toBe(unit.clock.now());
  });

  it('FINALIZED when another agreement is held under its id by now (another negotiation finalized on it): TERMINATING, the held one as it was', async () => {
    const protocol = await setup();
    const held = { id: AGREEMENT['@id'], negotiationId: 'urn:uuid:other', assigner: PROVIDER, assignee: CONSUMER, assetId: 'asset-2', signedAt: 1, status: 'active' as const };
    const n = await unit.seed({ role: 'consumer', state: 'VERIFIED', providerPid: P_PID, agreementId: AGREEMENT['@id'], pendingAgreement: { policy: AGREEMENT } });
    await unit.stores.agreements.save({ ...held, policy: { ...AGREEMENT, target: 'asset-2' } });
    const after = await protocol.finalized(n, event(n, 'FINALIZED'));
    expect(after).toMatchObject({ state: 'TERMINATING', terminationReason: `the agreement's id ${AGREEMENT['@id']} names another agreement we hold` });
    expect(after.pendingAgreement).toBeUndefined();
    expect(await unit.stores.agreements.findById(AGREEMENT['@id'])).toMatchObject({ negotiationId: 'urn:uuid:other', assetId: 'asset-2' });
  });

  it('FINALIZED whose agreement id another agreement takes meanwhile: the store refuses it in the transaction, the negotiation stays VERIFIED', async () => {
    const protocol = await setup();
    const held = { id: AGREEMENT['@id'], negotiationId: 'urn:uuid:other', assigner: PROVIDER, assignee: CONSUMER, assetId: 'asset-2', signedAt: 1, status: 'active' as const };
    const n = await unit.seed({ role: 'consumer', state: 'VERIFIED', providerPid: P_PID, agreementId: AGREEMENT['@id'], pendingAgreement: { policy: AGREEMENT } });
    await unit.stores.agreements.save({ ...held, policy: { ...AGREEMENT, target: 'asset-2' } });
    // The other negotiation commits after this one looked: the look finds nothing.
    unit.deps.agreements = { ...unit.stores.agreements, findById: async () => undefined } as NegotiationDeps['agreements'];
    expect(await refusal(() => protocol.finalized(n, event(n, 'FINALIZED')))).toMatch(/^ALREADY_EXISTS: /);
    expect(await unit.get(n.id)).toMatchObject({ state: 'VERIFIED', version: n.version });
    expect(await unit.stores.agreements.findById(AGREEMENT['@id'])).toMatchObject({ negotiationId: 'urn:uuid:other', assetId: 'asset-2' });
  });

  it.each([
    ['an ACCEPTED event from the provider', 'VERIFIED', 'ACCEPTED', /^INVALID_TRANSITION: only the consumer may send ACCEPTED/],
    ['FINALIZED before we verified', 'AGREED', 'FINALIZED', /^INVALID_TRANSITION: a finalized message is not valid while this negotiation is AGREED/],
    ['a repeated FINALIZED', 'FINALIZED', 'FINALIZED', /^INVALID_TRANSITION: /],
  ] as const)('refuses %s and stores no agreement', async (_case, state, eventType, reason) => {
    const protocol = await setup();
    const n = await unit.seed({ role: 'consumer', state, providerPid: P_PID, pendingAgreement: { policy: AGREEMENT } });
    expect(await refusal(() => protocol.finalized(n, event(n, eventType)))).toMatch(reason);
    expect(await unit.stores.agreements.findById(AGREEMENT['@id'])).toBeUndefined();
  });
});
