import { describe, expect, it } from 'vitest';
import { createDefaultPolicyEngine } from '../index.js';

const engine = createDefaultPolicyEngine();
const withConstraint = (leftOperand: string, operator: string, rightOperand: unknown) => ({
  '@type': 'Set',
  permission: [{ action: 'use', constraint: [{ leftOperand, operator, rightOperand }] }],
});
const AT = '/permission/0/constraint/0/rightOperand';

describe('durations and offsets are bounded at creation (anchor + duration stays a writable date)', () => {
  it.each([
    ['elapsedTime P300000Y', withConstraint('elapsedTime', 'lteq', 'P300000Y')],
    ['elapsedTime in days', withConstraint('elapsedTime', 'lteq', 'P372001D')],
    ['inForceDate contractAgreement+99999999999999d', withConstraint('edc:inForceDate', 'lteq', 'contractAgreement+99999999999999d')],
    ['DataUsageEndDurationDays', withConstraint('cx-policy:DataUsageEndDurationDays', 'eq', 372_001)],
    ['DataProvisioningEndDurationDays', withConstraint('cx-policy:DataProvisioningEndDurationDays', 'eq', 372_001)],
  ])('refuses %s at the rightOperand', (_name, json) => {
    const v = engine.validate(json);
    expect(v.valid).toBe(false);
    expect(v.problems).toContainEqual({ pointer: AT, message: expect.stringContaining('too long') });
  });

  it('a duty deadline of a huge duration is refused too (duties are validated like permissions)', () => {
    const v = engine.validate({
      '@type': 'Set',
      permission: [{ action: 'use', duty: [{ action: 'delete', constraint: [{ leftOperand: 'elapsedTime', operator: 'lteq', rightOperand: 'P300000Y' }] }] }],
    });
    expect(v.valid).toBe(false);
    expect(v.problems.map((p) => p.pointer)).toEqual(['/permission/0/duty/0/constraint/0/rightOperand']);
  });

  it.each([
    ['elapsedTime P1000Y', withConstraint('elapsedTime', 'lteq', 'P1000Y')],
    ['inForceDate contractAgreement+372000d', withConstraint('edc:inForceDate', 'lteq', 'contractAgreement+372000d')],
    ['DataUsageEndDurationDays 372000', withConstraint('cx-policy:DataUsageEndDurationDays', 'eq', 372_000)],
  ])('accepts %s, and it evaluates', (_name, json) => {
    const p = engine.parse(json);
    const r = engine.evaluate(p, { scope: 'transfer', now: '2026-12-07T12:00:00Z', agreementStart: '2026-12-01T00:00:00Z', usageCount: 0 });
    expect(r.allowed).toBe(true);
  });
});
