import { describe, expect, it } from 'vitest';
import { FixedClock, type Logger } from '../../core/index.js';
import { createPolicyEngine } from '../../policy/index.js';
import { allowedAgent, CONTRACT_POLICY, CONSUMER, PROVIDER } from '../../test/helpers/provider-negotiation-harness.js';
import type { AgreementDecision } from './agreement-decision.js';
import { agreementGate, applyAgreementDecision, type AgreementDecisionRecord } from './agreement-gate.js';
import type { ContractNegotiation } from './contract-negotiation.js';
import type { NegotiationDeps } from './negotiation-deps.js';
import type { ResolvedOffer } from './offer-resolver.js';

const OFFER = { '@id': 'offer-1', '@type': 'Offer', target: 'asset-1', assigner: PROVIDER, permission: [{ action: 'use' }] };
const OURS = { ...OFFER, permission: [{ action: 'display' }] };
const resolved: ResolvedOffer = { offerId: 'offer-1', assetId: 'asset-1', contractDefinitionId: 'def-1', approval: 'auto', offer: OFFER, contractPolicy: CONTRACT_POLICY };
const at = (state: ContractNegotiation['state'], fields: Partial<ContractNegotiation> = {}): ContractNegotiation => ({
  id: 'n-1',
  role: 'provider',
  state,
  consumerPid: 'c-1',
  providerPid: 'n-1',
  counterPartyId: CONSUMER,
  counterPartyAddress: 'http://consumer.test/cb',
  offer: OFFER,
  assetId: 'asset-1',
  handledMessages: [],
  history: [],
  stateCount: 1,
  stateTimestamp: 0,
  nextAttemptAt: 0,
  pending: false,
  version: 3,
  createdAt: 0,
  updatedAt: 0,
  ...fields,
});

function setup() {
  const clock = new FixedClock();
  const reported: AgreementDecisionRecord[] = [];
  const logged: unknown[] = [];
  const logger = { info: (fields: unknown, msg: string) => logged.push([msg, fields]) } as unknown as Logger;
  const deps = { clock, logger, engine: createPolicyEngine(), onDecision: (d: AgreementDecisionRecord) => void reported.push(d) } as unknown as NegotiationDeps;
  return { clock, deps, reported, logged, gate: agreementGate(deps) };
}

describe('applyAgreementDecision', () => {
  const { clock, deps } = setup();
  const apply = (n: ContractNegotiation, d: AgreementDecision) => applyAgreementDecision(n, d, 'initial-request', deps);

  it('agree: AGREEING, waiting cleared, with the grant naming the path, the time and the terms', () => {
    const next = apply(at('REQUESTED', { pending: true }), { outcome: 'agree', reason: 'contract policy allowed' });
    expect(next).toMatchObject({ state: 'AGREEING', pending: false, agreementGrant: { path: 'initial-request', at: clock.now(), offer: OFFER } });
    expect(next.history).toEqual([{ state: 'AGREEING', at: clock.now(), cause: 'contract policy allowed' }]);
  });

  it('await-approval: stays where it is, waiting for the operator', () => {
    expect(apply(at('REQUESTED'), { outcome: 'await-approval', reason: 'manual' })).toMatchObject({ state: 'REQUESTED', pending: true, history: [] });
  });

  it("counter-offer from REQUESTED: OFFERING our terms, recorded as ours, not the operator's", () => {
    expect(apply(at('REQUESTED'), { outcome: 'counter-offer', reason: 'ours', offer: OURS })).toMatchObject({
      state: 'OFFERING',
      offer: OURS,
      providerOffer: { offer: OURS, byOperator: false },
    });
  });

  it('counter-offer after ACCEPTED: the DSP allows no offer there, so the negotiation ends', () => {
    const next = apply(at('ACCEPTED'), { outcome: 'counter-offer', reason: 'ours', offer: OURS });
    expect(next).toMatchObject({ state: 'TERMINATING', terminationReason: 'the accepted terms are no longer offered', offer: OFFER });
    expect(next.agreementGrant).toBeUndefined();
  });

  it('deny: TERMINATING with the reason, and no grant', () => {
    const next = apply(at('REQUESTED', { pending: true }), { outcome: 'deny', reason: 'not for you' });
    expect(next).toMatchObject({ state: 'TERMINATING', pending: false, terminationReason: 'not for you' });
    expect(next.history.at(-1)?.cause).toBe('agreement refused: not for you');
    expect(next.agreementGrant).toBeUndefined();
  });
});

describe('agreementGate', () => {
  it('apply: decides on the resolved offer, keeps the verified consumer and returns the record to report', () => {
    const { gate } = setup();
    const [next, record] = gate.apply(at('REQUESTED'), { path: 'initial-request', terms: OFFER, resolved, agent: allowedAgent, approved: false });
    expect(next).toMatchObject({ state: 'AGREEING', consumerAgent: allowedAgent });
    expect(record).toEqual({ negotiationId: 'n-1', counterPartyId: CONSUMER, path: 'initial-request', outcome: 'agree', reason: 'contract policy allowed', assetId: 'asset-1' });
  });

  it('apply: a counter-offer that ends an ACCEPTED negotiation is reported as the denial it is', () => {
    const { gate } = setup();
    const [next, record] = gate.apply(at('ACCEPTED'), { path: 'accepted-offer', terms: OURS, resolved, agent: allowedAgent, approved: false });
    expect(next.state).toBe('TERMINATING');
    expect(record).toMatchObject({ outcome: 'deny', reason: 'the accepted terms are no longer offered' });
  });

  it('report: hands every decision on and logs refusals only; nothing for no record', () => {
    const { gate, reported, logged } = setup();
    const deny: AgreementDecisionRecord = { negotiationId: 'n-1', counterPartyId: CONSUMER, path: 'initial-request', outcome: 'deny', reason: 'r' };
    gate.report({ ...deny, outcome: 'agree' });
    gate.report(deny);
    gate.report(undefined);
    expect(reported.map((r) => r.outcome)).toEqual(['agree', 'deny']);
    expect(logged).toEqual([['agreement refused', deny]]);
  });
});
