import { describe, expect, it } from 'vitest';
import { createDefaultPolicyEngine, type EvaluationContext } from '../index.js';

const engine = createDefaultPolicyEngine();
const X = 'BPNL000000000001';
const agent = (bpn: string) => ({ id: 'did:web:consumer', claims: { credentialTypes: [], businessPartnerNumber: bpn } });
const c = (leftOperand: string, operator: string, rightOperand: unknown) => ({ leftOperand, operator, rightOperand });
const bpnOrLiability = (op: 'or' | 'xone') =>
  engine.parse({
    '@type': 'Set',
    permission: [{ action: 'use', constraint: [{ [op]: [c('cx-policy:BusinessPartnerNumber', 'eq', X), c('cx-policy:Liability', 'eq', 'cx.grossNegligence:1')] }] }],
  });
const NOW = '2026-12-07T12:00:00Z';
const scopes: EvaluationContext[] = [
  { scope: 'negotiation', now: NOW },
  { scope: 'transfer', now: NOW, agreementStart: NOW, usageCount: 0 },
];

describe('an alternative that no request settles (a Catena-X contract term in or/xone)', () => {
  it.each(['or', 'xone'] as const)('%s[BPN eq X, Liability]: denies another BPN in negotiation and transfer, and says why', (op) => {
    for (const s of scopes) {
      const r = engine.evaluate(bpnOrLiability(op), { ...s, agent: agent('BPNL00000000000X') });
      expect(r.allowed).toBe(false);
      expect(r.problems.map((p) => p.message).join(' | ')).toMatch(/Liability|no request ever settles this term, so it cannot make an alternative \(or\/xone\) hold/);
      expect(r.problems.some((p) => /no request ever settles this term/.test(p.message))).toBe(true);
    }
  });

  it.each(['or', 'xone'] as const)('%s[BPN eq X, Liability]: still allows X', (op) => {
    for (const s of scopes) expect(engine.evaluate(bpnOrLiability(op), { ...s, agent: agent(X) }).allowed).toBe(true);
  });

  it('an fl: branch stays deferred to training.round (settled there), and is listed with that scope', () => {
    const p = engine.parse({
      '@type': 'Set',
      permission: [{ action: 'use', constraint: [{ or: [c('cx-policy:BusinessPartnerNumber', 'eq', X), c('fl:localEpochs', 'lteq', 1)] }] }],
    });
    const r = engine.evaluate(p, { scope: 'transfer', now: NOW, agreementStart: NOW, usageCount: 0, agent: agent('BPNL00000000000X') });
    expect(r.allowed).toBe(true);
    expect(r.deferred).toEqual([expect.objectContaining({ until: 'training.round' })]);
  });

  it('a contract term outside an alternative stays a listed deferral that does not deny', () => {
    const p = engine.parse({ '@type': 'Set', permission: [{ action: 'use', constraint: [c('cx-policy:Liability', 'eq', 'cx.grossNegligence:1')] }] });
    const r = engine.evaluate(p, { scope: 'negotiation', now: NOW, agent: agent('BPNL00000000000X') });
    expect(r.allowed).toBe(true);
    expect(r.deferred).toHaveLength(1);
    expect(r.deferred[0]?.until).toBeUndefined();
  });
});
