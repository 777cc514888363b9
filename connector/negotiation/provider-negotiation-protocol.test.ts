import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectorError } from '../../core/index.js';
import type { ParticipantAgent } from '../../policy/index.js';
import { negotiationUnit, OFFER, type NegotiationUnit } from '../../test/helpers/negotiation-unit.js';
import { allowedAgent, CONSUMER, CONTRACT_POLICY, deniedAgent } from '../../test/helpers/provider-negotiation-harness.js';
import { standingCheck } from '../usage/index.js';
import type { AgreementDecisionRecord } from './agreement-gate.js';
import type { ContractNegotiation } from './contract-negotiation.js';
import type { ResolvedOffer } from './offer-resolver.js';
import { agreementIdFor } from './processors/provider-processors.js';
import { providerNegotiationProtocol } from './provider-negotiation-protocol.js';

let unit: NegotiationUnit;
afterEach(async () => unit.close());
const CTX = ['https://w3id.org/dspace/2025/1/context.jsonld'];
const RESOLVED: ResolvedOffer = { offerId: 'offer-1', assetId: 'asset-1', contractDefinitionId: 'def-1', approval: 'auto', offer: OFFER, contractPolicy: CONTRACT_POLICY };
const OTHER_RULES = { ...OFFER, permission: [{ action: 'display' }] };
const request = (consumerPid: string, fields: Record<string, unknown> = {}) => ({
  '@context': CTX,
  '@type': 'ContractRequestMessage',
  consumerPid,
  offer: OFFER,
  callbackAddress: unit.peer.url,
  ...fields,
});
const event = (n: ContractNegotiation, eventType: string) => ({
  '@context': CTX,
  '@type': 'ContractNegotiationEventMessage',
  providerPid: n.id,
  consumerPid: n.consumerPid,
  eventType,
});
const refusal = (run: () => Promise<unknown>) =>
  Promise.resolve()
    .then(run)
    .then(
      () => 'accepted',
      (e: unknown) => `${(e as ConnectorError).code}: ${(e as ConnectorError).detail}`,
    );

async function setup() {
  const decisions: AgreementDecisionRecord[] = [];
  const asked: string[] = [];
  unit = await negotiationUnit({
    overrides: {
      offers: {
        resolve: async (id: string) => {
          asked.push(id);
          return id === 'offer-1' ? RESOLVED : undefined;
        },
      },
      onDecision: (d) => void decisions.push(d),
    },
  });
  unit.deps.standing = standingCheck(unit.stores.suspensions);
  return { protocol: providerNegotiationProtocol(unit.deps), decisions, asked };
}

describe('provider negotiation protocol: initial request', () => {
  it('stores a provider negotiation for the caller, passes the agreement gate, reports the decision and wakes the loop', async () => {
    const { protocol, decisions } = await setup();
    const n = await protocol.initialRequest(allowedAgent, request('urn:uuid:c-1'));
    expect(n).toMatchObject({
      role: 'provider',
      state: 'AGREEING',
      providerPid: n.id,
      consumerPid: 'urn:uuid:c-1',
      correlationId: 'urn:uuid:c-1',
      counterPartyId: CONSUMER,
      counterPartyAddress: unit.peer.url,
      catalogOfferId: 'offer-1',
      assetId: 'asset-1',
      contractDefinitionId: 'def-1',
      consumerAgent: allowedAgent,
      agreementGrant: { path: 'initial-request' },
    });
    expect(n.history.map((h) => h.state)).toEqual(['REQUESTED', 'AGREEING']);
    expect(await unit.get(n.id)).toMatchObject({ state: 'AGREEING', version: 1 });
    expect(decisions).toEqual([expect.objectContaining({ negotiationId: n.id, outcome: 'agree' })]);
    expect(unit.wakes).toBe(1);
  });

  it('is idempotent on the consumerPid for the same caller; another caller with the same pid gets its own negotiation', async () => {
    const { protocol } = await setup();
    const first = await protocol.initialRequest(allowedAgent, request('urn:uuid:c-1'));
    expect((await protocol.initialRequest(allowedAgent, request('urn:uuid:c-1'))).id).toBe(first.id);
    const other: ParticipantAgent = { ...allowedAgent, id: 'did:web:someone-else' };
    expect((await protocol.initialRequest(other, request('urn:uuid:c-1'))).id).not.toBe(first.id);
    // Whoever came first with a pid, each caller's repeats find its own negotiation: another party cannot squat on a pid.
    const squatted = await protocol.initialRequest(other, request('urn:uuid:c-9'));
    const mine = await protocol.initialRequest(allowedAgent, request('urn:uuid:c-9'));
    expect(mine.id).not.toBe(squatted.id);
    expect((await protocol.initialRequest(allowedAgent, request('urn:uuid:c-9'))).id).toBe(mine.id);
    expect((await protocol.initialRequest(other, request('urn:uuid:c-9'))).id).toBe(squatted.id);
  });

  it('answers only a true copy of the initial request with its negotiation: another offer or callbackAddress under that consumerPid is refused, naming them', async () => {
    const { protocol } = await setup();
    const first = await protocol.initialRequest(allowedAgent, request('urn:uuid:c-5'));
    const cases: [Record<string, unknown>, string[]][] = [
      [{ offer: OTHER_RULES }, ['/offer']],
      [{ callbackAddress: `${unit.peer.url}/elsewhere` }, ['/callbackAddress']],
      [{ offer: { ...OFFER, target: 'asset-2' }, callbackAddress: `${unit.peer.url}/elsewhere` }, ['/offer', '/callbackAddress']],
    ];
    for (const [fields, pointers] of cases) {
      const refused = await protocol.initialRequest(allowedAgent, request('urn:uuid:c-5', fields)).then(
        () => undefined,
        (e: ConnectorError) => e,
      );
      expect(refused).toMatchObject({ code: 'VALIDATION_FAILED', detail: expect.stringMatching(/^consumerPid 'urn:uuid:c-5' names a negotiation started by another request/) });
      expect(refused?.violations.map((v) => (v as { pointer: string }).pointer)).toEqual(pointers);
    }
    expect(await unit.get(first.id)).toMatchObject({ version: first.version, offer: OFFER, counterPartyAddress: unit.peer.url });
    // A copy is told by the request that started the negotiation, whatever offer is on the table since.
    await unit.stores.negotiations.save({ ...(await unit.get(first.id)), offer: OTHER_RULES });
    expect((await protocol.initialRequest(allowedAgent, request('urn:uuid:c-5'))).id).toBe(first.id);
  });

  it("terminates a request the contract policy denies, with the gate's reason", async () => {
    const { protocol, decisions } = await setup();
    const n = await protocol.initialRequest(deniedAgent, request('urn:uuid:c-2'));
    expect(n).toMatchObject({ state: 'TERMINATING', terminationReason: expect.stringMatching(/businessPartnerNumber/) });
    expect(decisions.map((d) => d.outcome)).toEqual(['deny']);
  });

  it.each([
    ['without a callback address', { callbackAddress: undefined, providerPid: 'urn:uuid:p-x' }, /^VALIDATION_FAILED: an initial request needs a callbackAddress/],
    ['with a callback the outbound policy refuses', { callbackAddress: 'http://10.0.0.5/cb' }, /^OUTBOUND_REFUSED: /],
    ['for an offer that does not resolve', { offer: { ...OFFER, '@id': 'offer-9' } }, /^VALIDATION_FAILED: unknown offer 'offer-9'/],
    ['that is malformed', { offer: undefined }, /^VALIDATION_FAILED: invalid ContractRequestMessage/],
    ['whose offer names another dataset', { offer: { ...OFFER, target: 'other-asset' } }, /^VALIDATION_FAILED: .*\/offer\/target: is 'other-asset', not the dataset 'asset-1'/],
    ['whose offer names another assigner', { offer: { ...OFFER, assigner: 'did:web:someone.else' } }, /^VALIDATION_FAILED: .*\/offer\/assigner: is 'did:web:someone.else'/],
    ['whose offer names its assigner with a number', { offer: { ...OFFER, assigner: 5 } }, /^VALIDATION_FAILED: .*\/offer\/assigner: must be the provider/],
  ])('refuses a request %s and stores nothing', async (_case, fields, reason) => {
    const { protocol } = await setup();
    expect(await refusal(() => protocol.initialRequest(allowedAgent, request('urn:uuid:c-3', fields)))).toMatch(reason);
    expect((await unit.stores.negotiations.list({ offset: 0, limit: 10 })).total).toBe(0);
  });

  it('counter-offers our own terms to a request that adds an ODRL profile and conflict strategy we never offered: nothing agreed', async () => {
    const { protocol, decisions } = await setup();
    const terms = { ...OFFER, profile: 'https://example.com/strict-profile', conflict: 'prohibit' };
    const n = await protocol.initialRequest(allowedAgent, request('urn:uuid:c-7', { offer: terms }));
    expect(n).toMatchObject({ state: 'OFFERING', offer: OFFER });
    expect(n.agreementGrant).toBeUndefined();
    expect(decisions.map((d) => d.outcome)).toEqual(['counter-offer']);
  });

  it('takes an offer that leaves target and assigner out', async () => {
    const { protocol } = await setup();
    const { target: _t, assigner: _a, ...bare } = OFFER;
    expect((await protocol.initialRequest(allowedAgent, request('urn:uuid:c-6', { offer: bare }))).state).toBe('AGREEING');
  });

  it('refuses a suspended consumer before resolving anything', async () => {
    const { protocol, asked } = await setup();
    await unit.stores.suspensions.suspend({ participantId: CONSUMER, reason: 'late receipt', source: 'operator' });
    expect(await refusal(() => protocol.initialRequest(allowedAgent, request('urn:uuid:c-4')))).toMatch(/^FORBIDDEN: .*suspended/);
    expect(asked).toEqual([]);
  });
});

describe('provider negotiation protocol: counter-request, acceptance, verification', () => {
  it("counter-request in OFFERED: REQUESTED with the consumer's terms, then the gate answers with our terms (OFFERING)", async () => {
    const { protocol, decisions } = await setup();
    const n = await unit.seed({ role: 'provider', state: 'OFFERED', assetId: 'asset-1', contractDefinitionId: 'def-1', catalogOfferId: 'offer-1' });
    const after = await protocol.counterRequest(n, allowedAgent, request(n.consumerPid, { callbackAddress: undefined, providerPid: n.id, offer: OTHER_RULES }));
    expect(after).toMatchObject({ state: 'OFFERING', offer: OFFER, providerOffer: { offer: OFFER, byOperator: false } });
    expect(after.history.map((h) => h.state)).toEqual(['REQUESTED', 'OFFERING']);
    expect(decisions.map((d) => [d.path, d.outcome])).toEqual([['counter-request', 'counter-offer']]);
  });

  it("counter-request naming the operator's counter-offer is resolved through the catalog offer behind it", async () => {
    const { protocol, asked } = await setup();
    const operatorOffer = { ...OTHER_RULES, '@id': 'urn:uuid:operator-offer' };
    const n = await unit.seed({
      role: 'provider',
      state: 'OFFERED',
      assetId: 'asset-1',
      contractDefinitionId: 'def-1',
      catalogOfferId: 'offer-1',
      offer: operatorOffer,
      providerOffer: { offer: operatorOffer, byOperator: true },
    });
    const after = await protocol.counterRequest(n, allowedAgent, request(n.consumerPid, { callbackAddress: undefined, providerPid: n.id, offer: operatorOffer }));
    expect(asked).toEqual(['offer-1']);
    expect(after).toMatchObject({ state: 'AGREEING', agreementGrant: { path: 'counter-request', offer: operatorOffer } });
  });

  it('accepted in OFFERED: ACCEPTED, and on to AGREEING through the gate', async () => {
    const { protocol } = await setup();
    const n = await unit.seed({ role: 'provider', state: 'OFFERED', assetId: 'asset-1', contractDefinitionId: 'def-1', catalogOfferId: 'offer-1' });
    const after = await protocol.accepted(n, allowedAgent, event(n, 'ACCEPTED'));
    expect(after.history.map((h) => h.state)).toEqual(['ACCEPTED', 'AGREEING']);
    expect(after.agreementGrant).toMatchObject({ path: 'accepted-offer' });
  });

  it('accepted overtaking our offer (OFFERING, offer out): counts the offer as received first', async () => {
    const { protocol } = await setup();
    const n = await unit.seed({ role: 'provider', state: 'OFFERING', messageOut: true, assetId: 'asset-1', contractDefinitionId: 'def-1', catalogOfferId: 'offer-1' });
    expect((await protocol.accepted(n, allowedAgent, event(n, 'ACCEPTED'))).history.map((h) => h.state)).toEqual(['OFFERED', 'ACCEPTED', 'AGREEING']);
  });

  it.each([
    ['a FINALIZED event from the consumer', 'OFFERED', 'FINALIZED', /^INVALID_TRANSITION: only the provider may send FINALIZED/],
    ['an acceptance before we offered', 'REQUESTED', 'ACCEPTED', /^INVALID_TRANSITION: a accepted message is not valid while this negotiation is REQUESTED/],
    ['an acceptance overtaking an offer not yet sent', 'OFFERING', 'ACCEPTED', /^INVALID_TRANSITION: /],
  ] as const)('refuses %s and changes nothing', async (_case, state, eventType, reason) => {
    const { protocol } = await setup();
    const n = await unit.seed({ role: 'provider', state });
    expect(await refusal(() => protocol.accepted(n, allowedAgent, event(n, eventType)))).toMatch(reason);
    expect((await unit.get(n.id)).version).toBe(n.version);
  });

  it('verification in AGREED: VERIFIED, then FINALIZING for the loop', async () => {
    const { protocol } = await setup();
    const n = await unit.seed({ role: 'provider', state: 'AGREED', agreementId: 'urn:uuid:agreement-x' });
    const after = await protocol.verified(n, { '@context': CTX, '@type': 'ContractAgreementVerificationMessage', providerPid: n.id, consumerPid: n.consumerPid });
    expect(after).toMatchObject({ state: 'FINALIZING', agreementId: 'urn:uuid:agreement-x' });
    expect(after.history.map((h) => h.state)).toEqual(['VERIFIED', 'FINALIZING']);
    expect(unit.wakes).toBe(1);
  });

  it('verification overtaking our agreement (AGREEING, agreement out): AGREED under the stable agreement id first', async () => {
    const { protocol } = await setup();
    const n = await unit.seed({ role: 'provider', state: 'AGREEING', messageOut: true });
    const after = await protocol.verified(n, { '@context': CTX, '@type': 'ContractAgreementVerificationMessage', providerPid: n.id, consumerPid: n.consumerPid });
    expect(after).toMatchObject({ state: 'FINALIZING', agreementId: agreementIdFor(n.id) });
    expect(after.history.map((h) => h.state)).toEqual(['AGREED', 'VERIFIED', 'FINALIZING']);
  });

  it('refuses a verification while our agreement has not gone out', async () => {
    const { protocol } = await setup();
    const n = await unit.seed({ role: 'provider', state: 'AGREEING' });
    expect(await refusal(() => protocol.verified(n, { '@context': CTX, '@type': 'ContractAgreementVerificationMessage', providerPid: n.id, consumerPid: n.consumerPid }))).toMatch(
      /^INVALID_TRANSITION: .*AGREEING/,
    );
  });
});
