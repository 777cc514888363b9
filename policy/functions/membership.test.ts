import { describe, expect, it } from 'vitest';
import { agent, status, validationOf } from './function-test-kit.js';
import { membershipFunction as fn } from './membership.js';

const c = (operator: string, rightOperand: unknown, leftOperand = 'cx-policy:Membership') => ({ leftOperand, operator, rightOperand });

describe('Membership', () => {
  it.each([
    ['active member', c('eq', 'active'), agent({ membership: { active: true } }), 'true'],
    ['revoked member', c('eq', 'active'), agent({ membership: { active: false } }), 'false'],
    ['no membership claim', c('eq', 'active'), agent(), 'false'],
    ['kontor:membership alias', c('eq', 'active', 'kontor:membership'), agent({ membership: { active: true } }), 'true'],
    ['neq active for a non-member', c('neq', 'active'), agent(), 'true'],
    ['no agent', c('eq', 'active'), undefined, 'error'],
  ] as const)('%s', (_n, json, a, expected) => {
    expect(status(fn, json, a ? { agent: a, scope: 'catalog' } : { scope: 'catalog' })).toBe(expected);
  });

  it('only "active" is allowed', () => {
    expect(validationOf(fn, c('eq', 'gold'))).toHaveLength(1);
    expect(validationOf(fn, c('isAnyOf', ['active']))).toHaveLength(2);
  });
});
