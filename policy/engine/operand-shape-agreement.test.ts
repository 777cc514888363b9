import { describe, expect, it } from 'vitest';
import { toEpochMs } from '../model/date-time.js';
import { cx, fl, kontor, odrl } from '../model/iri.js';
import { OPERATORS } from '../model/operator.js';
import { BUILTIN_FUNCTIONS } from '../functions/builtin-functions.js';
import { parseConstraint } from '../odrl/parse-constraint.js';
import { newParseState } from '../odrl/parse-state.js';
import type { EvaluationContext } from './evaluation-context.js';
import { createFunctionRegistry } from './function-registry.js';
import { createPolicyEngine } from './policy-engine.js';
import { POLICY_SCOPES } from './policy-scope.js';
import { createPurposeHierarchy } from './purpose-hierarchy.js';

/**
 * Validation and evaluation agree on the right operand's shape: for every built-in left operand, every operator and
 * right operands of one value, a one-item list and a list of two, in a permission and in a prohibition, a constraint
 * that validates never evaluates to an error for a request that carries every fact well formed.
 */

/** Pairs of values of one kind, each pair valid for some built-in operand. */
const PAIRS: readonly (readonly [unknown, unknown])[] = [
  ['purpose:research', 'purpose:marketing'],
  ['cx.pcf.base:1', 'cx.quality.base:1'],
  ['DE', 'FR'],
  ['did:web:consumer.example', 'did:web:other.example'],
  ['BPNL000000000001', 'BPNL000000000002'],
  ['fl:fit', 'fl:evaluate'],
  ['MembershipCredential', 'DismantlerCredential'],
  ['gold', 'silver'],
  ['DataExchangeGovernance:1.0', 'Pcf:1.0'],
  ['urn:contract:1', 'urn:contract:2'],
  ['cx.thirdParty.forbidden:1', 'cx.manipulation.forbidden:1'],
  ['cx.sharing.affiliates:1', 'cx.sharing.managedLegalEntity:1'],
  ['active', 'active'],
  ['sha256:9f2c4e1a', 'sha256:0a1b2c3d'],
  [3, 50],
  [0.5, 1],
  ['2027-01-01T00:00:00Z', '2028-01-01T00:00:00Z'],
  ['P30D', 'PT1H'],
  ['contractAgreement+30d', 'contractAgreement+1h'],
  [true, false],
];

const SHAPES = PAIRS.flatMap(([a, b]) => [a, [a], [a, b]]);

const CONTEXT: Omit<EvaluationContext, 'scope'> = {
  now: '2026-06-15T12:00:00Z',
  agreementStart: '2026-06-01T00:00:00Z',
  agent: {
    id: 'did:web:consumer.example',
    claims: {
      credentialTypes: ['MembershipCredential'],
      membership: { active: true },
      businessPartnerNumber: 'BPNL000000000001',
      businessPartnerGroups: ['gold'],
      frameworkAgreements: [{ name: 'DataExchangeGovernance', version: '1.0' }],
    },
  },
  usageCount: 0,
  roundCount: 0,
  purpose: 'purpose:research',
  spatial: 'DE',
  recipient: 'did:web:consumer.example',
  contractReferences: ['urn:contract:1'],
  affiliates: [{ bpnl: 'BPNL000000000002', region: 'DE' }],
  training: { taskType: 'fl:fit', planHash: 'sha256:9f2c4e1a', localEpochs: 1, sampleCount: 64, clipNorm: 1, noiseMultiplier: 1, epsilon: 1, delta: 1e-6, secureAggregation: 3 },
};

const registry = createFunctionRegistry();
for (const def of BUILTIN_FUNCTIONS) registry.define(def);
const purposes = createPurposeHierarchy();

interface Case {
  constraint: string;
  scope: string;
  message: string;
}

function failures(): { errors: Case[]; listsValidated: Set<string> } {
  const errors: Case[] = [];
  const listsValidated = new Set<string>();
  for (const leftOperand of BUILTIN_FUNCTIONS.flatMap((d) => d.leftOperands)) {
    for (const operator of OPERATORS) {
      for (const rightOperand of SHAPES) {
        for (const ruleKind of ['permission', 'prohibition'] as const) {
          const state = newParseState();
          const c = parseConstraint({ leftOperand, operator, rightOperand }, `/${ruleKind}/0/constraint/0`, state);
          if (c?.kind !== 'atomic' || registry.validate(c).length > 0) continue;
          if (Array.isArray(rightOperand) && rightOperand.length > 1) listsValidated.add(leftOperand);
          for (const scope of POLICY_SCOPES) {
            const fn = registry.find(scope, leftOperand);
            if (!fn) continue;
            const context: EvaluationContext = { ...CONTEXT, scope };
            const verdict = fn({ constraint: c, context, now: toEpochMs(CONTEXT.now) ?? 0, agreementStart: toEpochMs(CONTEXT.agreementStart ?? 0), ruleKind, purposes });
            if (verdict.status === 'error') errors.push({ constraint: `${ruleKind}: ${leftOperand} ${operator} ${JSON.stringify(rightOperand)}`, scope, message: verdict.message });
          }
        }
      }
    }
  }
  return { errors, listsValidated };
}

describe('validation and evaluation agree on operand shapes', () => {
  const { errors, listsValidated } = failures();

  it('a constraint that validates never evaluates to an error for a well-formed request', () => {
    expect(errors).toEqual([]);
  });

  it('the table reaches the set-valued operands with lists of several values', () => {
    for (const name of ['purpose', 'spatial', 'recipient', 'assignee']) expect(listsValidated).toContain(odrl(name));
    for (const name of ['participant', 'credentialType', 'businessPartnerNumber', 'businessPartnerGroup', 'frameworkAgreement']) expect(listsValidated).toContain(kontor(name));
    for (const name of ['UsagePurpose', 'ContractReference', 'AffiliatesRegion', 'AffiliatesBpnl', 'UsageRestriction']) expect(listsValidated).toContain(cx(name));
    expect(listsValidated).toContain(fl('taskType'));
    expect(listsValidated.size).toBeGreaterThanOrEqual(18);
  });
});

describe('a list of several values under a single-value operator', () => {
  const engine = createPolicyEngine();
  const policy = (leftOperand: string, operator: string, rightOperand: unknown) => ({
    '@type': 'Set',
    permission: [{ action: 'use', constraint: [{ leftOperand, operator, rightOperand }] }],
  });

  it.each([
    ['purpose', 'eq', ['purpose:research', 'purpose:marketing'], "purpose: 'eq' takes a single value; use isAnyOf for a set of values"],
    ['purpose', 'isA', ['purpose:research', 'purpose:marketing'], "purpose: 'isA' takes a single value; use isAnyOf for a set of values"],
    ['purpose', 'neq', ['purpose:research', 'purpose:marketing'], "purpose: 'neq' takes a single value; use isNoneOf for a set of values"],
    ['spatial', 'eq', ['DE', 'FR'], "spatial: 'eq' takes a single value; use isAnyOf for a set of values"],
    ['recipient', 'neq', ['did:web:a', 'did:web:b'], "recipient: 'neq' takes a single value; use isNoneOf for a set of values"],
    [
      'cx-policy:BusinessPartnerNumber',
      'eq',
      ['BPNL000000000001', 'BPNL000000000002'],
      "cx-policy:BusinessPartnerNumber: 'eq' takes a single value; use isAnyOf for a set of values",
    ],
    ['fl:taskType', 'eq', ['fl:fit', 'fl:evaluate'], "fl:taskType: 'eq' takes a single value; use isAnyOf for a set of values"],
  ])('is refused at /rightOperand: %s %s', (leftOperand, operator, right, message) => {
    const v = engine.validate(policy(leftOperand, operator, right));
    expect(v.valid).toBe(false);
    expect(v.problems).toEqual([{ pointer: '/permission/0/constraint/0/rightOperand', message }]);
  });

  it('a one-item list is its item, as evaluation reads it', () => {
    expect(engine.validate(policy('purpose', 'eq', ['purpose:research'])).valid).toBe(true);
    const allowed = engine.evaluate(engine.parse(policy('purpose', 'eq', ['purpose:research'])), { scope: 'transfer', now: 0, purpose: 'purpose:research' });
    expect(allowed.allowed).toBe(true);
  });

  it('stays allowed where eq compares a set: the participant and its credentials', () => {
    const agent = { id: 'did:web:c', claims: { credentialTypes: ['MembershipCredential'] } };
    for (const [l, right] of [
      ['kontor:participant', ['did:web:x', 'did:web:c']],
      ['kontor:credentialType', ['MembershipCredential', 'DismantlerCredential']],
    ] as const) {
      expect(engine.validate(policy(l, 'eq', right)).valid).toBe(true);
      expect(engine.evaluate(engine.parse(policy(l, 'eq', right)), { scope: 'transfer', now: 0, agent }).problems.map((p) => p.message)).not.toContainEqual(
        expect.stringContaining('single value'),
      );
    }
    expect(engine.evaluate(engine.parse(policy('kontor:participant', 'eq', ['did:web:x', 'did:web:c'])), { scope: 'transfer', now: 0, agent }).allowed).toBe(true);
  });
});
