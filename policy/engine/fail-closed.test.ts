import { describe, expect, it } from 'vitest';
import { createPolicyEngine, parsePolicy, validatePolicy, type EvaluationContext } from '../index.js';

const NOW = '2026-06-15T12:00:00Z';
const ctx = (over: Partial<EvaluationContext> = {}): EvaluationContext => ({ scope: 'transfer', now: NOW, agent: { id: 'did:web:c', claims: { credentialTypes: [] } }, ...over });
const c = (leftOperand: string, operator: string, rightOperand: unknown) => ({ leftOperand, operator, rightOperand });

describe('fail closed', () => {
  const engine = createPolicyEngine();

  it('an unknown left operand denies at evaluation (even when the policy was only parsed)', () => {
    const p = parsePolicy({ permission: { action: 'use', constraint: c('ex:colour', 'eq', 'blue') } });
    expect(engine.evaluate(p, ctx())).toMatchObject({ allowed: false, problems: [{ path: '/permission/constraint', message: "unknown left operand 'ex:colour'" }] });
  });

  it('an operand with no function in the scope denies and says so', () => {
    const p = parsePolicy({ permission: { action: 'use', constraint: c('count', 'lteq', 3) } });
    const r = engine.evaluate(p, ctx({ scope: 'catalog', action: 'use' }));
    expect(r.problems[0]?.message).toBe("left operand 'count' has no function in scope 'catalog'; it cannot be decided here");
  });

  it('an undecidable constraint inside `or` still denies, even if another branch holds', () => {
    const p = parsePolicy({ permission: { action: 'use', constraint: { or: [c('spatial', 'eq', 'DE'), c('ex:colour', 'eq', 'blue')] } } });
    expect(engine.evaluate(p, ctx({ spatial: 'DE' })).allowed).toBe(false);
  });

  it('an undecidable prohibition denies', () => {
    const p = parsePolicy({ permission: { action: 'use' }, prohibition: { action: 'use', constraint: c('purpose', 'isA', 'purpose:marketing') } });
    expect(engine.evaluate(p, ctx()).problems[0]).toMatchObject({ path: '/prohibition/constraint', message: 'the request declares no purpose' });
  });

  it('a throwing function denies with its message', () => {
    const e = createPolicyEngine();
    e.register('transfer', 'spatial', () => {
      throw new Error('boom');
    });
    const p = parsePolicy({ permission: { action: 'use', constraint: c('spatial', 'eq', 'DE') } });
    expect(e.evaluate(p, ctx({ spatial: 'DE' })).problems[0]?.message).toBe("the function for 'spatial' failed: boom");
  });

  it('a bad context denies before any rule', () => {
    const p = parsePolicy({ permission: { action: 'use' } });
    expect(engine.evaluate(p, ctx({ now: 'yesterday' })).problems[0]).toMatchObject({ constraint: 'context.now', actual: 'yesterday' });
    expect(engine.evaluate(p, { ...ctx(), scope: 'bogus' as never }).allowed).toBe(false);
    expect(engine.evaluate(p, ctx({ agreementStart: 'then' })).allowed).toBe(false);
  });

  it('an engine without built-ins knows nothing', () => {
    const bare = createPolicyEngine({ builtins: false });
    expect(bare.validate({ permission: { action: 'use', constraint: c('dateTime', 'lt', '2030-01-01T00:00:00Z') } }).problems[0]?.pointer).toBe(
      '/permission/constraint/leftOperand',
    );
  });

  it('a deployment can bind an operand explicitly, and then it is decided', () => {
    const e = createPolicyEngine();
    e.register('catalog', 'ex:colour', (input) => ({ status: 'true', actual: 'blue', message: `${input.constraint.operator} ok` }));
    const p = e.parse({ permission: { action: 'use', constraint: c('ex:colour', 'eq', 'blue') } });
    expect(e.evaluate(p, ctx({ scope: 'catalog' })).allowed).toBe(true);
    expect(e.evaluate(p, ctx({ scope: 'transfer' })).allowed).toBe(false);
  });
});

describe('rules', () => {
  const engine = createPolicyEngine();

  it('a prohibition without constraints denies the action it names, and only that', () => {
    const p = parsePolicy({ permission: { action: 'use' }, prohibition: { action: 'distribute' } });
    expect(engine.evaluate(p, ctx({ action: 'distribute' })).problems[0]).toMatchObject({
      path: '/prohibition',
      message: 'prohibited: prohibition of distribute applies to this request',
    });
    expect(engine.evaluate(p, ctx({ action: 'read' })).allowed).toBe(true);
  });

  it('a permission to use covers read; a permission to read does not cover use', () => {
    expect(engine.evaluate(parsePolicy({ permission: { action: 'use' } }), ctx({ action: 'odrl:read' })).allowed).toBe(true);
    expect(engine.evaluate(parsePolicy({ permission: { action: 'read' } }), ctx()).allowed).toBe(false);
    expect(engine.evaluate(parsePolicy({ permission: { action: 'use' } }), ctx({ action: 'transfer' })).allowed).toBe(false);
  });

  it('any one permission that holds is enough', () => {
    const p = parsePolicy({
      permission: [
        { action: 'use', constraint: c('spatial', 'eq', 'FR') },
        { action: 'use', constraint: c('spatial', 'eq', 'DE') },
      ],
    });
    expect(engine.evaluate(p, ctx({ spatial: 'DE' })).allowed).toBe(true);
    expect(engine.evaluate(p, ctx({ spatial: 'US' })).problems.map((x) => x.path)).toEqual(['/permission/0/constraint', '/permission/1/constraint']);
  });

  it('a permission assigned to someone else does not apply to the requester', () => {
    const p = parsePolicy({ '@type': 'Agreement', assigner: 'did:web:p', assignee: 'did:web:other', permission: { action: 'use' } });
    expect(engine.evaluate(p, ctx()).problems[0]).toMatchObject({ path: '/permission/assignee', expected: 'did:web:other', actual: 'did:web:c' });
  });

  it('a rule on another target does not apply', () => {
    const p = parsePolicy({ permission: { action: 'use', target: 'urn:asset:a' } });
    expect(engine.evaluate(p, ctx({ target: 'urn:asset:a' })).allowed).toBe(true);
    expect(engine.evaluate(p, ctx({ target: 'urn:asset:b' })).problems[0]?.message).toBe("no permission grants 'use' on urn:asset:b");
  });

  it('obligations carry deadlines from elapsedTime after the agreement start', () => {
    const p = parsePolicy({ permission: { action: 'use' }, obligation: { action: 'delete', constraint: c('elapsedTime', 'lteq', 'P30D') } });
    const r = engine.evaluate(p, ctx({ agreementStart: '2026-06-01T00:00:00Z' }));
    expect(r.obligations[0]).toMatchObject({ kind: 'obligation', action: 'delete', deadline: '2026-07-01T00:00:00.000Z', constraints: ['elapsedTime lteq P30D'] });
  });
});

describe('validatePolicy', () => {
  it.each([
    [
      'unknown left operand',
      { permission: { action: 'use', constraint: [c('dateTime', 'lt', '2030-01-01T00:00:00Z'), c('fl:colour', 'eq', 1)] } },
      '/permission/constraint/1/leftOperand',
    ],
    ['wrong direction for clip norm', { permission: { action: 'use', constraint: { and: [c('fl:clipNorm', 'gteq', 1)] } } }, '/permission/constraint/and/0/operator'],
    ['wrong type for count', { permission: [{ action: 'use', constraint: [c('count', 'lteq', 'many')] }] }, '/permission/0/constraint/0/rightOperand'],
    ['unknown operand in a refinement', { permission: { action: { action: 'use', refinement: [c('ex:x', 'eq', 1)] } } }, '/permission/action/refinement/0/leftOperand'],
    [
      'unknown operand in a duty consequence',
      { obligation: { action: 'delete', consequence: { action: 'inform', constraint: c('ex:y', 'eq', 1) } } },
      '/obligation/consequence/constraint/leftOperand',
    ],
    ['unknown action', { permission: { action: 'cx-policy:teleport' } }, '/permission/action'],
    [
      'bare CX term is not an ODRL term',
      { permission: { action: 'use', constraint: c('FrameworkAgreement', 'eq', 'DataExchangeGovernance:1.0') } },
      '/permission/constraint/leftOperand',
    ],
  ])('%s', (_n, json, pointer) => {
    const r = validatePolicy(json);
    expect(r.valid).toBe(false);
    expect(r.problems.map((p) => p.pointer)).toContain(pointer);
  });

  it('parse via the engine throws POLICY_INVALID with the same problems', () => {
    expect(() => createPolicyEngine().parse({ permission: { action: 'use', constraint: c('ex:q', 'eq', 1) } })).toThrow(/unknown left operand 'ex:q'/);
  });
});

describe('untrusted input', () => {
  const engine = createPolicyEngine();
  it('a raw JSON policy or a malformed context denies instead of throwing', () => {
    const raw = { permission: { action: 'use' } } as never;
    expect(engine.evaluate(raw, ctx()).allowed).toBe(false);
    const p = parsePolicy({ '@type': 'Agreement', assigner: 'did:web:p', assignee: 'did:web:c', permission: { action: 'use' } });
    expect(engine.evaluate(p, { scope: 'transfer', now: NOW, agent: { id: 'did:web:c' } as never }).allowed).toBe(false);
    expect(engine.evaluate(p, null as never).allowed).toBe(false);
  });
});
