import { describe, expect, it } from 'vitest';
import { epsilonFunction as fn } from './fl-epsilon.js';
import { status, validationOf } from './function-test-kit.js';

const c = (operator: string, rightOperand: unknown) => ({ leftOperand: 'fl:epsilon', operator, rightOperand });
const round = (epsilon?: number) => ({ scope: 'training.round' as const, training: epsilon === undefined ? {} : { epsilon } });

describe('fl:epsilon (ε spent after the round ≤ the agreed budget)', () => {
  it.each([
    ['well within the budget', c('lteq', 3), round(1.2), 'true'],
    ['exactly the budget', c('lteq', 3), round(3), 'true'],
    ['past the budget', c('lteq', 3), round(3.01), 'false'],
    ['strictly below, at the bound', c('lt', 3), round(3), 'false'],
    ['no accountant reported', c('lteq', 3), round(), 'error'],
    ['deferred at negotiation', c('lteq', 3), { scope: 'negotiation' as const }, 'deferred'],
    ['deferred at transfer', c('lteq', 3), { scope: 'transfer' as const }, 'deferred'],
  ] as const)('%s', (_n, json, ctx, expected) => {
    expect(status(fn, json, ctx)).toBe(expected);
  });
  it('a lower bound on ε is refused (it would not bound anything)', () => expect(validationOf(fn, c('gteq', 3))).toHaveLength(1));
  it('a budget of 0 or below, or not a number, is refused', () => {
    expect(validationOf(fn, c('lteq', 0))).toHaveLength(1);
    expect(validationOf(fn, c('lteq', -1))).toHaveLength(1);
    expect(validationOf(fn, c('lteq', 'lots'))).toHaveLength(1);
    expect(validationOf(fn, c('lteq', 3))).toHaveLength(0);
  });
});
