import { describe, expect, it } from 'vitest';
import { createPolicyEngine } from './policy-engine.js';
import { trainingOnlyTerms } from './training-only-terms.js';

const engine = createPolicyEngine();
const base = { now: Date.UTC(2026, 0, 1) };
const HASH = `sha256:${'a'.repeat(64)}`;

describe('trainingOnlyTerms', () => {
  it('should list the terms only training rounds settle, at any depth and in any rule, with their pointers', () => {
    const policy = {
      '@type': 'Set',
      permission: [
        {
          action: 'use',
          constraint: [
            { leftOperand: 'purpose', operator: 'isA', rightOperand: 'https://w3id.org/kontor/purpose/research' },
            {
              or: [
                { leftOperand: 'fl:planHash', operator: 'eq', rightOperand: HASH },
                { leftOperand: 'count', operator: 'lteq', rightOperand: 2 },
              ],
            },
          ],
        },
      ],
      prohibition: [{ action: 'use', constraint: [{ leftOperand: 'count', operator: 'gt', rightOperand: 9, unit: 'fl:TrainingRound' }] }],
    };
    expect(trainingOnlyTerms(engine, policy, base)).toEqual([
      { pointer: '/permission/0/constraint/1/or/0', constraint: `fl:planHash eq ${HASH}`, until: 'training.round' },
      { pointer: '/prohibition/0/constraint/0', constraint: expect.stringContaining('count gt 9'), until: 'training.round' },
    ]);
  });

  it('should list nothing for terms a transfer settles (a purpose, a use count) or a policy without constraints', () => {
    const policy = {
      '@type': 'Set',
      permission: [
        {
          action: 'use',
          constraint: [
            { leftOperand: 'purpose', operator: 'isA', rightOperand: 'https://w3id.org/kontor/purpose/research' },
            { leftOperand: 'count', operator: 'lteq', rightOperand: 2 },
          ],
        },
      ],
    };
    expect(trainingOnlyTerms(engine, policy, base)).toEqual([]);
    expect(trainingOnlyTerms(engine, { '@type': 'Set', permission: [{ action: 'use' }] }, base)).toEqual([]);
  });
});
