import { describe, expect, it } from 'vitest';
import { createPolicyEngine } from './policy-engine.js';
import { purposeWarnings } from './purpose-warnings.js';

const engine = createPolicyEngine();
const policyWith = (...constraint: unknown[]) => engine.parse({ '@type': 'Set', permission: [{ action: 'use', constraint }] });
const purpose = (operator: string, rightOperand: unknown, leftOperand = 'purpose') => ({ leftOperand, operator, rightOperand });

describe('purposeWarnings', () => {
  it('warns on a bare word and names the known purpose it probably means', () => {
    const warnings = purposeWarnings(policyWith(purpose('eq', 'research')));
    expect(warnings).toEqual([
      { pointer: '/permission/0/constraint/0', purpose: 'research', message: expect.stringContaining('did you mean purpose:research (https://w3id.org/kontor/purpose/research)?') },
    ]);
  });

  it('warns on each unknown item of a list and inside logical constraints', () => {
    const p = policyWith({ or: [purpose('isAnyOf', ['purpose:research', 'purpose:reserch']), purpose('isA', 'dpv:Marketing')] });
    expect(purposeWarnings(p).map((w) => [w.pointer, w.purpose])).toEqual([
      ['/permission/0/constraint/0/or/0', 'purpose:reserch'],
      ['/permission/0/constraint/0/or/1', 'dpv:Marketing'],
    ]);
  });

  it('is silent on known purposes in any spelling and on Catena-X usage purposes', () => {
    const p = policyWith(
      purpose('isA', { '@id': 'purpose:research' }),
      purpose('eq', 'https://w3id.org/kontor/purpose/federated-training'),
      purpose('isA', 'dpv:ResearchAndDevelopment'),
      purpose('isAnyOf', ['cx.pcf.base:1'], 'cx-policy:UsagePurpose'),
    );
    expect(purposeWarnings(p)).toEqual([]);
  });
});
