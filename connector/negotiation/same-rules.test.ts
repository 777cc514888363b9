import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sameRules, withoutEmptyArrays } from './same-rules.js';

describe('sameRules', () => {
  it('should read an empty array as no value (the TCK writes `constraints: []` in every rule)', () => {
    expect(sameRules({ permission: [{ action: 'use', constraints: [] }] }, { permission: [{ action: 'use' }] })).toBe(true);
    expect(sameRules({ permission: [{ action: 'use' }], prohibition: [] }, { permission: [{ action: 'use' }] })).toBe(true);
    expect(withoutEmptyArrays({ a: [], b: [{ c: [] }], d: 'x' })).toEqual({ b: [{}], d: 'x' });
  });

  it('should read a one-item array as its item, as JSON-LD compaction writes a single constraint (EDC’s policies arrive so)', () => {
    const constraint = { leftOperand: 'dateTime', operator: 'lt', rightOperand: '2099-01-01T00:00:00Z' };
    expect(sameRules({ permission: [{ action: 'use', constraint: [constraint] }] }, { permission: { action: 'use', constraint } })).toBe(true);
    expect(sameRules({ permission: [{ action: 'use', constraint: [constraint] }] }, { permission: [{ action: 'use', constraint: [constraint, constraint] }] })).toBe(false);
    expect(sameRules({ permission: [{ action: 'use', constraint }] }, { permission: [{ action: 'use', constraint: { ...constraint, operator: 'gt' } }] })).toBe(false);
  });

  it('should read a plain value object as its value and a unit or dataType node reference as its IRI, as a DSP offer writes them', () => {
    const rounds = (constraint: Record<string, unknown>) => ({ permission: [{ action: 'use', constraint: [{ leftOperand: 'count', operator: 'lteq', ...constraint }] }] });
    const offered = rounds({ rightOperand: { '@value': 5 }, 'odrl:unit': { '@id': 'https://w3id.org/kontor/fl/TrainingRound' }, 'odrl:dataType': { '@id': 'xsd:integer' } });
    expect(sameRules(offered, rounds({ rightOperand: 5, unit: 'fl:TrainingRound', dataType: 'xsd:integer' }))).toBe(true);
    expect(sameRules(offered, rounds({ rightOperand: '5', unit: 'fl:TrainingRound', dataType: 'xsd:integer' }))).toBe(false);
    expect(sameRules(offered, rounds({ rightOperand: 5, dataType: 'xsd:integer' }))).toBe(false);
    expect(sameRules(offered, rounds({ rightOperand: { '@value': 5, '@type': 'xsd:integer' }, unit: 'fl:TrainingRound', dataType: 'xsd:integer' }))).toBe(false);
    // A node reference is an IRI only where the engine reads one: a right operand given as `{"@id": …}` stays apart.
    expect(sameRules(rounds({ rightOperand: { '@id': 'urn:x' } }), rounds({ rightOperand: 'urn:x' }))).toBe(false);
  });

  it('should still tell different rules apart', () => {
    expect(sameRules({ permission: [{ action: 'use', constraints: [{ leftOperand: 'x' }] }] }, { permission: [{ action: 'use' }] })).toBe(false);
    expect(sameRules({ permission: [{ action: 'use' }] }, { prohibition: [{ action: 'use' }] })).toBe(false);
    expect(sameRules({ permission: [] }, { permission: [{ action: 'use' }] })).toBe(false);
  });

  it('should read rule keys as the policy engine does: a rule under its full IRI or a prefix is the rule it names', () => {
    const offer = { '@id': 'urn:o', target: 'd', permission: [{ action: 'use' }] };
    const agreement = { '@id': 'urn:ag', target: 'd', assigner: 'did:web:p', assignee: 'did:web:c', timestamp: '2026-01-01T00:00:00Z', permission: [{ action: 'use' }] };
    expect(sameRules(agreement, offer)).toBe(true);
    expect(sameRules({ ...agreement, 'http://www.w3.org/ns/odrl/2/obligation': [{ action: 'delete' }] }, offer)).toBe(false);
    expect(sameRules({ ...agreement, 'odrl:obligation': [{ action: 'delete' }] }, offer)).toBe(false);
    expect(sameRules({ 'odrl:permission': [{ 'odrl:action': 'use' }] }, offer)).toBe(true);
    expect(sameRules({ ...agreement, 'http://www.w3.org/ns/odrl/2/obligation': [{ action: 'delete' }] }, { ...offer, obligation: [{ action: 'delete' }] })).toBe(true);
  });

  it('should refuse rules it cannot be sure of: one property under two spellings, or a top-level key it does not know', () => {
    const offer = { permission: [{ action: 'use' }] };
    expect(sameRules({ ...offer, obligation: [], 'odrl:obligation': [{ action: 'delete' }] }, offer)).toBe(false);
    expect(sameRules({ ...offer, 'odrl:permission': [{ action: 'distribute' }] }, offer)).toBe(false);
    expect(sameRules({ ...offer, 'http://example.org/duty': [{ action: 'delete' }] }, offer)).toBe(false);
    expect(sameRules({ ...offer, inheritFrom: 'urn:p' }, offer)).toBe(false);
    expect(sameRules({ ...offer, 'dct:title': 'x', 'rdfs:label': 'y' }, offer)).toBe(true);
  });

  it('should tell a profile or conflict strategy the other lacks, drops or changes apart (other terms, never agreed silently)', () => {
    const offer = { permission: [{ action: 'use' }] };
    const fl = { ...offer, profile: 'https://w3id.org/kontor/fl/' };
    expect(sameRules({ ...offer, profile: 'https://example.com/strict-profile' }, offer)).toBe(false);
    expect(sameRules(offer, { ...offer, profile: 'https://example.com/strict-profile' })).toBe(false);
    expect(sameRules({ ...offer, conflict: 'prohibit' }, offer)).toBe(false);
    expect(sameRules({ ...offer, conflict: 'perm' }, { ...offer, conflict: 'prohibit' })).toBe(false);
    expect(sameRules(offer, fl)).toBe(false);
    expect(sameRules({ ...offer, profile: ['https://w3id.org/kontor/fl/', 'https://example.com/strict-profile'] }, fl)).toBe(false);
    expect(sameRules({ ...offer, profile: 42 }, { ...offer, profile: 42 })).toBe(false);
    // One profile or strategy however it is spelled: prefixed or full, string or {"@id"}, one item or a list.
    expect(sameRules({ ...offer, profile: ['fl:'] }, fl)).toBe(true);
    expect(sameRules({ ...offer, profile: { '@id': 'https://w3id.org/kontor/fl/' } }, fl)).toBe(true);
    expect(sameRules({ ...offer, 'odrl:conflict': 'odrl:prohibit' }, { ...offer, conflict: 'http://www.w3.org/ns/odrl/2/prohibit' })).toBe(true);
  });
});

/**
 * Rules drawn from a small vocabulary, written out in any of the spellings the policy engine reads as one term:
 * Catena-X and Kontor operands under their prefix or as full IRIs, ODRL terms and property names bare, under `odrl:`
 * or as full IRIs. Literals (right operands) are written one way only: they are not terms.
 */
describe('sameRules across term spellings (upgrades: an older store holds `cx-policy:…`, offers now carry full IRIs)', () => {
  const ODRL = 'http://www.w3.org/ns/odrl/2/';
  const NAMESPACES: Record<string, { prefixes: string[]; iri: string; bare: boolean }> = {
    odrl: { prefixes: ['odrl'], iri: ODRL, bare: true },
    cx: { prefixes: ['cx-policy', 'cx'], iri: 'https://w3id.org/catenax/policy/', bare: false },
    kontor: { prefixes: ['kontor'], iri: 'https://w3id.org/kontor/policy/', bare: false },
  };
  const LEFT: Record<string, [string, string]> = {
    Membership: ['cx', 'Membership'],
    FrameworkAgreement: ['cx', 'FrameworkAgreement'],
    UsagePurpose: ['cx', 'UsagePurpose'],
    businessPartnerNumber: ['kontor', 'businessPartnerNumber'],
    purpose: ['odrl', 'purpose'],
    dateTime: ['odrl', 'dateTime'],
  };
  const ACTIONS = ['use', 'display', 'distribute'];
  const DUTIES = ['delete', 'inform', 'compensate'];
  const OPERATORS = ['eq', 'neq', 'gt', 'isAnyOf'];
  const RIGHTS = ['active', 'BPNL000000000001', 'cx-policy:Other', 'https://w3id.org/catenax/policy/Other'];

  interface Constraint {
    left: string;
    operator: string;
    right: string;
  }
  interface Rule {
    action: string;
    constraints: Constraint[];
    duties: string[];
  }
  interface Model {
    permission: Rule[];
    prohibition: Rule[];
  }

  const constraintArb = fc.record({ left: fc.constantFrom(...Object.keys(LEFT)), operator: fc.constantFrom(...OPERATORS), right: fc.constantFrom(...RIGHTS) });
  const ruleArb = fc.record({
    action: fc.constantFrom(...ACTIONS),
    constraints: fc.array(constraintArb, { maxLength: 3 }),
    duties: fc.array(fc.constantFrom(...DUTIES), { maxLength: 2 }),
  });
  const modelArb: fc.Arbitrary<Model> = fc.record({ permission: fc.array(ruleArb, { minLength: 1, maxLength: 2 }), prohibition: fc.array(ruleArb, { maxLength: 1 }) });
  const spellingsArb = fc.array(fc.nat(), { minLength: 64, maxLength: 64 });

  /** Writes a model out, choosing each term's spelling from `choices` in turn. */
  function render(m: Model, choices: number[]): Record<string, unknown> {
    let i = 0;
    const pick = <T>(options: T[]): T => options[(choices[i++ % choices.length] ?? 0) % options.length] as T;
    const term = (ns: string, local: string) => {
      const n = NAMESPACES[ns] ?? { prefixes: [], iri: '', bare: false };
      return pick([...n.prefixes.map((p) => `${p}:${local}`), n.iri + local, ...(n.bare ? [local] : [])]);
    };
    const key = (name: string) => pick([name, `odrl:${name}`, ODRL + name]);
    const constraint = (c: Constraint) => {
      const [ns, local] = LEFT[c.left] ?? ['odrl', c.left];
      return { [key('leftOperand')]: term(ns, local), [key('operator')]: term('odrl', c.operator), [key('rightOperand')]: c.right };
    };
    const rule = (r: Rule) => ({
      [key('action')]: term('odrl', r.action),
      ...(r.constraints.length > 0 ? { [key('constraint')]: r.constraints.map(constraint) } : {}),
      ...(r.duties.length > 0 ? { [key('duty')]: r.duties.map((d) => ({ [key('action')]: term('odrl', d) })) } : {}),
    });
    return {
      '@id': 'urn:offer',
      '@type': 'Offer',
      target: 'a1',
      [key('permission')]: m.permission.map(rule),
      ...(m.prohibition.length > 0 ? { [key('prohibition')]: m.prohibition.map(rule) } : {}),
    };
  }

  const MUTATIONS = ['action', 'left', 'operator', 'right', 'add-constraint', 'remove-constraint', 'add-duty', 'remove-duty', 'duty-action', 'rule-kind'] as const;
  const other = <T>(options: T[], current: T, n: number): T => options.filter((o) => o !== current)[n % (options.length - 1)] as T;

  /** The model with one thing genuinely changed. */
  function mutate(m: Model, kind: (typeof MUTATIONS)[number], n: number, extra: Constraint): Model {
    const copy: Model = structuredClone(m);
    const rule = copy.permission[n % copy.permission.length] as Rule;
    const constraint = rule.constraints[n % Math.max(rule.constraints.length, 1)];
    switch (kind) {
      case 'action':
        rule.action = other(ACTIONS, rule.action, n);
        return copy;
      case 'add-constraint':
        rule.constraints.push(extra);
        return copy;
      case 'add-duty':
        rule.duties.push(DUTIES[n % DUTIES.length] as string);
        return copy;
      case 'remove-duty':
        if (rule.duties.length === 0) return mutate(m, 'add-duty', n, extra);
        rule.duties.splice(n % rule.duties.length, 1);
        return copy;
      case 'duty-action':
        if (rule.duties.length === 0) return mutate(m, 'add-duty', n, extra);
        rule.duties[0] = other(DUTIES, rule.duties[0] as string, n);
        return copy;
      case 'rule-kind':
        copy.prohibition.push(...copy.permission.splice(n % copy.permission.length, 1));
        if (copy.permission.length === 0) copy.permission.push({ action: 'use', constraints: [], duties: [] });
        return copy;
      default:
        break;
    }
    if (!constraint) return mutate(m, 'add-constraint', n, extra);
    if (kind === 'left') constraint.left = other(Object.keys(LEFT), constraint.left, n);
    if (kind === 'operator') constraint.operator = other(OPERATORS, constraint.operator, n);
    if (kind === 'right') constraint.right = other(RIGHTS, constraint.right, n);
    if (kind === 'remove-constraint') rule.constraints.splice(n % rule.constraints.length, 1);
    return copy;
  }

  it('should read every spelling of the same rules as the same rules', () => {
    fc.assert(
      fc.property(modelArb, spellingsArb, spellingsArb, (m, a, b) => {
        expect(sameRules(render(m, a), render(m, b))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('should never read genuinely different rules as the same, whatever their spelling', () => {
    fc.assert(
      fc.property(modelArb, fc.constantFrom(...MUTATIONS), fc.nat(), constraintArb, spellingsArb, spellingsArb, (m, kind, n, extra, a, b) => {
        const changed = mutate(m, kind, n, extra);
        expect(JSON.stringify(changed)).not.toBe(JSON.stringify(m));
        expect(sameRules(render(m, a), render(changed, b))).toBe(false);
        expect(sameRules(render(changed, a), render(m, b))).toBe(false);
      }),
      { numRuns: 1000 },
    );
  });

  it('should read the snapshot of an older store (compact `cx-policy:`) as the offer the current build makes (full IRIs)', () => {
    const stored = {
      '@id': 'urn:kontor:offer:cd-manual:a2:x',
      '@type': 'Offer',
      assigner: 'did:web:p',
      target: 'a2',
      permission: [{ action: 'use', constraint: [{ leftOperand: 'cx-policy:Membership', operator: 'eq', rightOperand: 'active' }] }],
    };
    const now = { ...stored, permission: [{ action: 'use', constraint: [{ leftOperand: 'https://w3id.org/catenax/policy/Membership', operator: 'eq', rightOperand: 'active' }] }] };
    expect(sameRules(stored, now)).toBe(true);
    expect(sameRules(now, stored)).toBe(true);
  });

  it('should keep apart what only looks alike: a bare name is an ODRL term, a literal is no term, another namespace is another IRI', () => {
    const rule = (constraint: Record<string, unknown>) => ({ permission: [{ action: 'use', constraint: [constraint] }] });
    const membership = rule({ leftOperand: 'cx-policy:Membership', operator: 'eq', rightOperand: 'active' });
    // `Membership` bare is odrl:Membership for the engine, not the Catena-X operand.
    expect(sameRules(rule({ leftOperand: 'Membership', operator: 'eq', rightOperand: 'active' }), membership)).toBe(false);
    // A right operand string is a literal: its prefix is not expanded.
    expect(
      sameRules(
        rule({ leftOperand: 'cx-policy:Membership', operator: 'eq', rightOperand: 'cx-policy:active' }),
        rule({ leftOperand: 'cx-policy:Membership', operator: 'eq', rightOperand: 'https://w3id.org/catenax/policy/active' }),
      ),
    ).toBe(false);
    // The 2025/9 Catena-X namespace is another IRI, though the engine evaluates both alike.
    expect(sameRules(rule({ leftOperand: 'https://w3id.org/catenax/2025/9/policy/Membership', operator: 'eq', rightOperand: 'active' }), membership)).toBe(false);
    // An unknown prefix is not guessed at.
    expect(sameRules(rule({ leftOperand: 'ex:Membership', operator: 'eq', rightOperand: 'active' }), membership)).toBe(false);
    // A policy's own @context that gives `cx-policy` another namespace is read with it.
    expect(
      sameRules(
        { '@context': { 'cx-policy': 'https://example.org/other/' }, ...membership },
        rule({ leftOperand: 'https://w3id.org/catenax/policy/Membership', operator: 'eq', rightOperand: 'active' }),
      ),
    ).toBe(false);
    // A right operand given as an IRI ({"@id"}) is one: its prefix is expanded.
    expect(
      sameRules(
        rule({ leftOperand: 'purpose', operator: 'eq', rightOperand: { '@id': 'cx-policy:X' } }),
        rule({ leftOperand: 'odrl:purpose', operator: 'odrl:eq', rightOperand: { '@id': 'https://w3id.org/catenax/policy/X' } }),
      ),
    ).toBe(true);
  });

  it('should refuse one property under two spellings in one object, as it does for ODRL keys', () => {
    const offer = { permission: [{ action: 'use', 'https://w3id.org/catenax/policy/extra': 'b' }] };
    expect(sameRules({ permission: [{ action: 'use', 'cx-policy:extra': 'a', 'https://w3id.org/catenax/policy/extra': 'b' }] }, offer)).toBe(false);
    expect(sameRules({ permission: [{ action: 'use', 'cx-policy:extra': 'b' }] }, offer)).toBe(true);
  });
});
