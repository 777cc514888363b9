import { describe, expect, it } from 'vitest';
import { validatePolicy } from '../index.js';
import { countFunction as fn } from './count.js';
import { status, validationOf } from './function-test-kit.js';

const uses = (operator: string, n: unknown) => ({ leftOperand: 'count', operator, rightOperand: n });
const rounds = (operator: string, n: unknown) => ({ ...uses(operator, n), unit: 'fl:TrainingRound' });

describe('count', () => {
  it.each([
    ['first use of 3', uses('lteq', 3), { usageCount: 0 }, 'true'],
    ['third use of 3', uses('lteq', 3), { usageCount: 2 }, 'true'],
    ['fourth use of 3', uses('lteq', 3), { usageCount: 3 }, 'false'],
    ['lt 3 on the third', uses('lt', 3), { usageCount: 2 }, 'false'],
    ['rounds use roundCount', rounds('lteq', 50), { roundCount: 49, usageCount: 1000 }, 'true'],
    ['round 51 of 50', rounds('lteq', 50), { roundCount: 50 }, 'false'],
    ['rounds ignore usageCount', rounds('lteq', 50), { usageCount: 0, scope: 'training.round' as const }, 'error'],
    ['negotiation: nothing used yet', uses('lteq', 1), { scope: 'negotiation' as const }, 'true'],
    ['missing counter in transfer', uses('lteq', 1), {}, 'error'],
    ['negative counter', uses('lteq', 1), { usageCount: -1 }, 'error'],
    ['string number coerced', uses('lteq', '3'), { usageCount: 0 }, 'true'],
    ['not bound in catalog', uses('lteq', 1), { scope: 'catalog' as const }, 'unbound'],
  ] as const)('%s', (_n, json, ctx, expected) => {
    expect(status(fn, json, ctx)).toBe(expected);
  });

  it('rejects other units and fractions at creation', () => {
    expect(validationOf(fn, { ...uses('lteq', 3), unit: 'odrl:hour' })[0]?.pointer).toBe('/constraint/0/unit');
    expect(validationOf(fn, uses('lteq', 2.5))).toHaveLength(1);
    expect(validationOf(fn, rounds('lteq', 50))).toEqual([]);
  });

  it('refuses bounds not written as decimal integers, rather than reading "0x10" as 16 or "1e3" as 1000', () => {
    for (const bound of ['0x10', '1e3', ' 5'])
      expect(validationOf(fn, uses('lteq', bound)), bound).toEqual([{ pointer: '/constraint/0/rightOperand', message: 'count: expected a integer, got a string' }]);
    expect(validationOf(fn, uses('lteq', '16'))).toEqual([]);
    // Typed literals are read by their datatype's lexical form when the policy is parsed.
    const policy = (bound: unknown) => ({ '@type': 'Set', permission: [{ action: 'use', constraint: [uses('lteq', bound)] }] });
    for (const text of ['0x10', '1e3'])
      expect(JSON.stringify(validatePolicy(policy({ '@value': text, '@type': 'xsd:integer' })))).toContain(`'${text}' is not a valid xsd:integer`);
    expect(validatePolicy(policy({ '@value': '16', '@type': 'xsd:integer' })).valid).toBe(true);
  });
});
