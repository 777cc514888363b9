import { describe, expect, it } from 'vitest';
import { FixedClock } from '../../core/index.js';
import { createPolicyEngine } from '../../policy/index.js';
import { allowedAgent, CONTRACT_POLICY, deniedAgent, PROVIDER } from '../../test/helpers/provider-negotiation-harness.js';
import { decideAgreement, type AgreementQuestion } from './agreement-decision.js';
import type { ContractNegotiation } from './contract-negotiation.js';
import type { ResolvedOffer } from './offer-resolver.js';

const clock = new FixedClock();
const OUR_OFFER = { '@id': 'offer-1', '@type': 'Offer', target: 'asset-1', assigner: PROVIDER, permission: [{ action: 'use' }] };
const OTHER_TERMS = { ...OUR_OFFER, permission: [{ action: 'display' }] };
const resolved: ResolvedOffer = { offerId: 'offer-1', assetId: 'asset-1', contractDefinitionId: 'def-1', approval: 'auto', offer: OUR_OFFER, contractPolicy: CONTRACT_POLICY };
const negotiation = { id: 'n-1', role: 'provider', state: 'REQUESTED', assetId: 'asset-1', contractDefinitionId: 'def-1', offer: OUR_OFFER } as unknown as ContractNegotiation;

const ask = (change: Partial<AgreementQuestion> = {}) =>
  decideAgreement({
    negotiation,
    path: 'initial-request',
    terms: OUR_OFFER,
    resolved,
    agent: allowedAgent,
    approved: false,
    engine: createPolicyEngine(),
    now: clock.now(),
    ...change,
  });

/** (case → outcome and reason): every branch of the gate, in the order it checks them. */
const CASES: [string, Partial<AgreementQuestion>, string, RegExp][] = [
  ['an offer that is unknown or hidden', { resolved: undefined }, 'deny', /unknown or no longer available/],
  ['an offer for another dataset', { resolved: { ...resolved, assetId: 'asset-2' } }, 'deny', /'offer-1' is for another dataset or contract definition/],
  ['an offer of another contract definition', { resolved: { ...resolved, contractDefinitionId: 'def-2' } }, 'deny', /another dataset or contract definition/],
  ['a consumer the contract policy denies', { agent: deniedAgent }, 'deny', /businessPartnerNumber/],
  [
    'a contract policy that cannot be read',
    { resolved: { ...resolved, contractPolicy: { '@type': 'Set', permission: 'nonsense' } } },
    'deny',
    /^the contract policy cannot be evaluated: /,
  ],
  ['terms other than any offer we stand behind', { terms: OTHER_TERMS }, 'counter-offer', /we offer our terms/],
  [
    "terms we offered earlier (not the catalog's)",
    { terms: OTHER_TERMS, negotiation: { ...negotiation, providerOffer: { offer: OTHER_TERMS, byOperator: false } } },
    'agree',
    /^contract policy allowed$/,
  ],
  ['a manual definition without approval', { resolved: { ...resolved, approval: 'manual' } }, 'await-approval', /needs an operator approval/],
  ['a manual definition the operator approved', { resolved: { ...resolved, approval: 'manual' }, approved: true }, 'agree', /approved by the operator/],
  [
    'a manual definition on terms the operator offered',
    { terms: OTHER_TERMS, resolved: { ...resolved, approval: 'manual' }, negotiation: { ...negotiation, providerOffer: { offer: OTHER_TERMS, byOperator: true } } },
    'agree',
    /approved by the operator/,
  ],
  ['an automatic definition, the policy allowing', {}, 'agree', /^contract policy allowed$/],
];

describe('decideAgreement (the gate in front of AGREEING)', () => {
  it.each(CASES)('%s → %s', (_case, change, outcome, reason) => {
    const decision = ask(change);
    expect(decision.outcome).toBe(outcome);
    expect(decision.reason).toMatch(reason);
  });

  it('counter-offers exactly our catalog terms', () => {
    expect(ask({ terms: OTHER_TERMS })).toEqual({ outcome: 'counter-offer', reason: 'counter-offer: we offer our terms', offer: OUR_OFFER });
  });

  it('checks the dataset before the policy: a foreign offer is denied even for an allowed consumer, and a denied consumer never gets terms back', () => {
    expect(ask({ resolved: { ...resolved, assetId: 'asset-2' }, terms: OTHER_TERMS }).outcome).toBe('deny');
    expect(ask({ agent: deniedAgent, terms: OTHER_TERMS }).outcome).toBe('deny');
  });

  it('fills in neither dataset nor definition when the negotiation names none', () => {
    const open = { ...negotiation } as ContractNegotiation;
    delete open.assetId;
    delete open.contractDefinitionId;
    expect(ask({ negotiation: open, resolved: { ...resolved, assetId: 'asset-9', contractDefinitionId: 'def-9' } }).outcome).toBe('agree');
  });
});
