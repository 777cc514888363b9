import { describe, expect, it } from 'vitest';
import { FixedClock } from '../../core/index.js';
import { toOdrlOffer } from '../../catalog/index.js';
import { createPolicyEngine, type ParticipantAgent } from '../../policy/index.js';
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
  [
    "an offer that no longer resolves, with the resolver's reason",
    { resolved: undefined, unavailable: "the contract definition 'def-1' no longer exists" },
    'deny',
    /^the contract definition 'def-1' no longer exists$/,
  ],
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
  ['our rules under an ODRL profile we never offered', { terms: { ...OUR_OFFER, profile: 'https://example.com/strict-profile' } }, 'counter-offer', /we offer our terms/],
  ['our rules with a conflict strategy we never offered', { terms: { ...OUR_OFFER, conflict: 'prohibit' } }, 'counter-offer', /we offer our terms/],
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

/**
 * A negotiation an older Kontor stored: its terms with the compact `cx-policy:` names that build's offers carried
 * (as in the `contract_negotiations.body` of such a store), where the offer resolved now carries full IRIs
 * (toOdrlOffer). The same terms: one approval agrees, no unrequested counter-offer.
 */
describe('decideAgreement on terms an older Kontor stored in compact form', () => {
  const MEMBERSHIP_POLICY = { '@type': 'Set', permission: [{ action: 'use', constraint: [{ leftOperand: 'cx-policy:Membership', operator: 'eq', rightOperand: 'active' }] }] };
  const OFFER_ID = 'urn:kontor:offer:cd-manual:a2:6301553739c8517d';
  const built = toOdrlOffer(MEMBERSHIP_POLICY, OFFER_ID, PROVIDER);
  if (!built.ok) throw new Error(built.problem);
  const currentOffer = { ...built.offer, target: 'a2' } as Record<string, unknown>;
  const storedTerms = {
    '@id': OFFER_ID,
    '@type': 'Offer',
    assigner: PROVIDER,
    permission: [{ action: 'use', constraint: [{ leftOperand: 'cx-policy:Membership', operator: 'eq', rightOperand: 'active' }] }],
    target: 'a2',
  };
  const member: ParticipantAgent = {
    id: 'did:web:consumer.test',
    claims: { credentialTypes: ['MembershipCredential'], membership: { active: true, issuer: 'did:web:authority.test' } },
  };
  const current: ResolvedOffer = {
    offerId: OFFER_ID,
    assetId: 'a2',
    contractDefinitionId: 'cd-manual',
    approval: 'manual',
    offer: currentOffer,
    contractPolicy: MEMBERSHIP_POLICY,
  };
  const stored = {
    id: 'n-old',
    role: 'provider',
    state: 'REQUESTED',
    assetId: 'a2',
    contractDefinitionId: 'cd-manual',
    catalogOfferId: OFFER_ID,
    offer: storedTerms,
  } as unknown as ContractNegotiation;
  const decide = (change: Partial<AgreementQuestion>) =>
    decideAgreement({
      negotiation: stored,
      path: 'manual-approval',
      terms: storedTerms,
      resolved: current,
      agent: member,
      approved: true,
      engine: createPolicyEngine(),
      now: clock.now(),
      ...change,
    });

  it('the current offer names the operand by its full IRI (what makes the spellings differ)', () => {
    expect(JSON.stringify(currentOffer)).toContain('"leftOperand":"https://w3id.org/catenax/policy/Membership"');
  });

  it.each<[string, Partial<AgreementQuestion>, string]>([
    ['an operator approves a waiting request', {}, 'agree'],
    ['the request waits for the operator (no counter-offer)', { path: 'initial-request', approved: false }, 'await-approval'],
    ['an automatic definition agrees at once', { path: 'initial-request', approved: false, resolved: { ...current, approval: 'auto' } }, 'agree'],
    [
      'the consumer accepts an offer the older build made (manual: the operator offered it)',
      { path: 'accepted-offer', approved: false, negotiation: { ...stored, state: 'ACCEPTED', providerOffer: { offer: storedTerms, byOperator: true } } },
      'agree',
    ],
    [
      'the consumer accepts an offer the older build made (automatic definition)',
      {
        path: 'accepted-offer',
        approved: false,
        resolved: { ...current, approval: 'auto' },
        negotiation: { ...stored, state: 'ACCEPTED', providerOffer: { offer: storedTerms, byOperator: false } },
      },
      'agree',
    ],
  ])('%s → %s', (_case, change, outcome) => {
    expect(decide(change).outcome).toBe(outcome);
  });

  it.each<[string, Record<string, unknown>]>([
    ['another operand', { leftOperand: 'cx-policy:FrameworkAgreement', operator: 'eq', rightOperand: 'active' }],
    ['the operand as a bare (ODRL) name', { leftOperand: 'Membership', operator: 'eq', rightOperand: 'active' }],
    ['another operator', { leftOperand: 'cx-policy:Membership', operator: 'neq', rightOperand: 'active' }],
    ['another right operand', { leftOperand: 'cx-policy:Membership', operator: 'eq', rightOperand: 'inactive' }],
  ])('still counter-offers our terms for compact terms with %s, even when approved', (_case, constraint) => {
    const terms = { ...storedTerms, permission: [{ action: 'use', constraint: [constraint] }] };
    expect(decide({ terms })).toEqual({ outcome: 'counter-offer', reason: 'counter-offer: we offer our terms', offer: currentOffer });
  });

  it('still counter-offers for another action, a dropped constraint or an added duty in compact form', () => {
    const rule = storedTerms.permission[0] as Record<string, unknown>;
    for (const permission of [[{ ...rule, action: 'odrl:distribute' }], [{ action: 'use' }], [{ ...rule, duty: [{ action: 'cx-policy:delete' }] }]]) {
      expect(decide({ terms: { ...storedTerms, permission } }).outcome).toBe('counter-offer');
    }
  });
});
