import { describe, expect, it } from 'vitest';
import { createPolicyEngine } from './policy-engine.js';
import { scopeWarnings } from './scope-warnings.js';

const engine = createPolicyEngine();
const CATALOG = { scope: 'catalog' as const, now: Date.parse('2026-06-01T00:00:00Z'), agent: { id: 'did:web:x', claims: { credentialTypes: [] } } };
const policy = (...constraint: unknown[]) => ({ '@type': 'Set', permission: [{ action: 'use', constraint }] });
const PURPOSE = { leftOperand: 'purpose', operator: 'isA', rightOperand: 'https://w3id.org/kontor/purpose/research' };
const MEMBERSHIP = { leftOperand: 'kontor:membership', operator: 'eq', rightOperand: 'active' };

describe('constraints that can never hold in a scope', () => {
  // Review of the console: the Catena-X usage-offer template's own policy failed POST /policies/validate with a 400
  // (POLICY_INVALID "cx-policy:UsageRestriction belongs in a prohibition"): each constraint was tried in a permission.
  it('should try each constraint in a rule of its own kind: a prohibition-only left operand is no error', () => {
    const cx = (leftOperand: string, operator: string, rightOperand: unknown) => ({ leftOperand: `cx-policy:${leftOperand}`, operator, rightOperand });
    const usage = {
      '@type': 'Set',
      permission: [{ action: 'use', constraint: [cx('Membership', 'eq', 'active')] }],
      prohibition: [{ action: 'use', constraint: [cx('UsageRestriction', 'isAllOf', ['cx.thirdParty.forbidden:1'])] }],
      obligation: [{ action: 'use', constraint: [cx('DataProvisioningEndDurationDays', 'eq', 30)] }],
    };
    expect(() => engine.parse(usage)).not.toThrow();
    const contract = { ...CATALOG, scope: 'negotiation' as const }; // as POST /policies/validate checks a contract policy
    expect(() => scopeWarnings(engine, usage, 'negotiation', contract)).not.toThrow();
    expect(scopeWarnings(engine, usage, 'negotiation', contract).filter((w) => w.pointer.startsWith('/prohibition'))).toEqual([]);
  });

  it('should name a purpose constraint in an access policy: a catalog request carries no purpose', () => {
    const warnings = scopeWarnings(engine, policy(MEMBERSHIP, PURPOSE), 'catalog', CATALOG);
    expect(warnings).toEqual([expect.objectContaining({ pointer: '/permission/0/constraint/1', scope: 'catalog', needs: ['purpose'] })]);
    expect(warnings[0]?.message).toMatch(/purpose.*never holds/);
  });

  it('should find it inside a logical constraint, and leave agent and time constraints alone', () => {
    const nested = policy({ and: [MEMBERSHIP, { or: [PURPOSE, { leftOperand: 'dateTime', operator: 'lt', rightOperand: '2030-01-01T00:00:00Z' }] }] });
    expect(scopeWarnings(engine, nested, 'catalog', CATALOG).map((w) => w.pointer)).toEqual(['/permission/0/constraint/0/and/1/or/0']);
    expect(scopeWarnings(engine, policy(MEMBERSHIP), 'catalog', CATALOG)).toEqual([]);
  });

  it('should not warn where the scope defers the constraint (purpose at negotiation) or carries the fact', () => {
    expect(scopeWarnings(engine, policy(PURPOSE), 'negotiation', { ...CATALOG, scope: 'negotiation' })).toEqual([]);
    expect(scopeWarnings(engine, policy(PURPOSE), 'transfer', { ...CATALOG, scope: 'transfer', purpose: 'https://w3id.org/kontor/purpose/research' })).toEqual([]);
  });

  it('should name a use count in an access policy (no function decides it at catalog time), not in a contract policy', () => {
    const counted = policy({ leftOperand: 'count', operator: 'lteq', rightOperand: 5 });
    expect(scopeWarnings(engine, counted, 'catalog', CATALOG)).toEqual([
      expect.objectContaining({ pointer: '/permission/0/constraint/0', message: expect.stringMatching(/not decided in scope catalog/) }),
    ]);
    expect(scopeWarnings(engine, counted, 'negotiation', { ...CATALOG, scope: 'negotiation' })).toEqual([]);
  });

  it('should name a purpose constraint at transfer time when the transfer declares no purpose (the fact is missing)', () => {
    expect(scopeWarnings(engine, policy(PURPOSE), 'transfer', { ...CATALOG, scope: 'transfer' })).toEqual([expect.objectContaining({ needs: ['purpose'] })]);
  });
});
