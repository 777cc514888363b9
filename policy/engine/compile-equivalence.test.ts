import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createPolicyEngine, parsePolicy, type EvaluationContext } from '../index.js';
import { createFunctionRegistry } from './function-registry.js';
import { evaluatePolicy } from './evaluate-policy.js';
import { BUILTIN_FUNCTIONS } from '../functions/builtin-functions.js';
import { createPurposeHierarchy } from './purpose-hierarchy.js';

/** compile(policy).evaluate ≡ engine.evaluate ≡ the reference interpreter, for random policies and contexts. */
const engine = createPolicyEngine();
const registry = createFunctionRegistry();
for (const def of BUILTIN_FUNCTIONS) registry.define(def);
const purposes = createPurposeHierarchy();

const atoms = [
  { leftOperand: 'purpose', operator: 'isA', rightOperand: 'purpose:research' },
  { leftOperand: 'cx-policy:UsagePurpose', operator: 'isAnyOf', rightOperand: ['cx.pcf.base:1', 'purpose:logistics'] },
  { leftOperand: 'kontor:membership', operator: 'eq', rightOperand: 'active' },
  { leftOperand: 'cx-policy:BusinessPartnerGroup', operator: 'isAnyOf', rightOperand: ['gold', 'silver'] },
  { leftOperand: 'cx-policy:BusinessPartnerNumber', operator: 'isAnyOf', rightOperand: ['BPNL000000000001'] },
  { leftOperand: 'cx-policy:FrameworkAgreement', operator: 'eq', rightOperand: 'DataExchangeGovernance:1.0' },
  { leftOperand: 'dateTime', operator: 'lteq', rightOperand: '2026-07-01T00:00:00Z' },
  { leftOperand: 'dateTime', operator: 'gteq', rightOperand: '2026-06-01T00:00:00Z' },
  { leftOperand: 'elapsedTime', operator: 'lteq', rightOperand: 'P30D' },
  { leftOperand: 'count', operator: 'lteq', rightOperand: 3 },
  { leftOperand: 'spatial', operator: 'eq', rightOperand: 'DE' },
  { leftOperand: 'recipient', operator: 'eq', rightOperand: 'did:web:consumer.example' },
  { leftOperand: 'fl:localEpochs', operator: 'lteq', rightOperand: 5 },
  { leftOperand: 'cx-policy:ContractTermination', operator: 'eq', rightOperand: 'cx.data.deletion:1' },
  { leftOperand: 'ex:unknown', operator: 'eq', rightOperand: 1 },
];

const { constraint } = fc.letrec<{ constraint: unknown; logical: unknown }>((tie) => ({
  constraint: fc.oneof({ depthSize: 'small' }, fc.constantFrom(...atoms), tie('logical')),
  logical: fc
    .record({ op: fc.constantFrom('and', 'or', 'xone', 'andSequence'), children: fc.array(tie('constraint'), { minLength: 1, maxLength: 3 }) })
    .map(({ op, children }) => ({ [op]: children })),
}));

const duty = fc.record({
  action: fc.constantFrom('delete', 'inform', 'obtainConsent'),
  constraint: fc.array(
    fc.constantFrom(
      { leftOperand: 'elapsedTime', operator: 'lteq', rightOperand: 'P1D' },
      { leftOperand: 'dateTime', operator: 'lteq', rightOperand: '2027-01-01T00:00:00Z' },
      // Passed for some contexts' `now`: a duty that can no longer be met.
      { leftOperand: 'dateTime', operator: 'lt', rightOperand: '2026-07-01T00:00:00Z' },
    ),
    { maxLength: 2 },
  ),
});
const rule = (withDuties: boolean) =>
  fc.record(
    {
      action: fc.constantFrom('use', 'read', 'transfer', 'cx-policy:access', 'distribute'),
      constraint: fc.array(constraint, { maxLength: 2 }),
      ...(withDuties ? { duty: fc.array(duty, { maxLength: 2 }) } : {}),
    },
    { requiredKeys: ['action'] },
  );
const policy = fc
  .record({
    permission: fc.array(
      fc
        .tuple(
          rule(true),
          fc.option(fc.constantFrom('urn:asset:a', 'urn:asset:b'), { nil: undefined }),
          fc.option(fc.constantFrom('did:web:consumer.example', 'BPNL000000000001', 'did:web:other'), { nil: undefined }),
        )
        .map(([r, target, assignee]) => ({ ...r, ...(target ? { target } : {}), ...(assignee ? { assignee } : {}) })),
      { maxLength: 3 },
    ),
    prohibition: fc.array(rule(false), { maxLength: 2 }),
    obligation: fc.array(duty, { maxLength: 2 }),
  })
  .filter((p) => p.permission.length + p.prohibition.length + p.obligation.length > 0); // a policy without rules is invalid

const context: fc.Arbitrary<EvaluationContext> = fc.record(
  {
    scope: fc.constantFrom('catalog', 'negotiation', 'transfer', 'training.round' as const),
    now: fc.oneof(fc.integer({ min: Date.parse('2026-05-01T00:00:00Z'), max: Date.parse('2026-08-01T00:00:00Z') }), fc.constantFrom('2026-06-15T12:00:00Z', 'not a date')),
    action: fc.constantFrom('use', 'read', 'transfer', 'cx-policy:access'),
    target: fc.constantFrom('urn:asset:a', 'urn:asset:b'),
    agreementStart: fc.constantFrom('2026-06-01T00:00:00Z', Date.parse('2026-05-01T00:00:00Z')),
    usageCount: fc.integer({ min: 0, max: 5 }),
    purpose: fc.constantFrom('purpose:federated-training', 'purpose:marketing', 'cx.pcf.base:1', ''),
    spatial: fc.constantFrom('DE', 'FR'),
    recipient: fc.constantFrom('did:web:consumer.example', 'did:web:other'),
    training: fc.record({ localEpochs: fc.integer({ min: 1, max: 8 }) }),
    agent: fc.record({
      id: fc.constantFrom('did:web:consumer.example', 'did:web:other'),
      claims: fc.record(
        {
          credentialTypes: fc.constant([]),
          membership: fc.record({ active: fc.boolean() }),
          businessPartnerNumber: fc.constantFrom('BPNL000000000001', 'BPNL000000000002'),
          businessPartnerGroups: fc.subarray(['gold', 'silver', 'bronze']),
          frameworkAgreements: fc.subarray([{ name: 'DataExchangeGovernance', version: '1.0' }]),
        },
        { requiredKeys: ['credentialTypes'] },
      ),
    }),
  },
  { requiredKeys: ['scope', 'now'] },
);

const plain = (x: unknown): unknown => JSON.parse(JSON.stringify(x));

describe('compile ≡ evaluate (property test, fixed seed)', () => {
  it('compiled, cached and interpreted evaluation agree on every random policy and context', () => {
    let allowed = 0;
    fc.assert(
      fc.property(policy, fc.array(context, { minLength: 1, maxLength: 4 }), (json, contexts) => {
        const parsed = parsePolicy(json); // structure only: unknown operands stay in and must deny alike
        const compiled = engine.compile(parsed);
        for (const c of contexts) {
          const reference = plain(evaluatePolicy(parsed, c, registry, purposes));
          expect(plain(compiled.evaluate(c))).toEqual(reference);
          expect(plain(engine.evaluate(parsed, c))).toEqual(reference);
          if ((reference as { allowed: boolean }).allowed) allowed += 1;
        }
      }),
      { seed: 4242, numRuns: 300 },
    );
    expect(allowed).toBeGreaterThan(15); // the random policies allow sometimes: both branches are exercised
  });

  it('a compiled policy sees functions registered later, like evaluate', () => {
    const e = createPolicyEngine();
    const p = e.parse({ permission: { action: 'use', constraint: { leftOperand: 'spatial', operator: 'eq', rightOperand: 'DE' } } });
    const compiled = e.compile(p);
    expect(compiled.evaluate({ scope: 'transfer', now: 0, spatial: 'DE' }).allowed).toBe(true);
    e.register('transfer', 'spatial', () => ({ status: 'false', actual: 'nowhere' }));
    expect(compiled.evaluate({ scope: 'transfer', now: 0, spatial: 'DE' }).allowed).toBe(false);
    expect(e.evaluate(p, { scope: 'transfer', now: 0, spatial: 'DE' }).allowed).toBe(false);
  });

  it('compiling a raw (unparsed) policy denies on evaluation instead of throwing', () => {
    const r = engine.compile({ permission: { action: 'use' } } as never).evaluate({ scope: 'transfer', now: 0 });
    expect(r.allowed).toBe(false);
    expect(r.problems[0]?.message).toMatch(/could not be evaluated/);
  });
});
