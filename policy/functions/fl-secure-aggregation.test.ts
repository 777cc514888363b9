import { describe, expect, it } from 'vitest';
import { secureAggregationFunction as fn } from './fl-secure-aggregation.js';
import { status, validationOf } from './function-test-kit.js';

const c = (operator: string, rightOperand: unknown) => ({ leftOperand: 'fl:secureAggregation', operator, rightOperand });
const round = (secureAggregation?: number) => ({ scope: 'training.round' as const, training: secureAggregation === undefined ? {} : { secureAggregation } });

describe('fl:secureAggregation (the plan masks updates, with a dropout threshold ≥ t)', () => {
  it.each([
    ['masked, at the threshold', c('gteq', 2), round(2), 'true'],
    ['masked, stricter threshold', c('gteq', 2), round(3), 'true'],
    ['masked, threshold too low', c('gteq', 3), round(2), 'false'],
    ['a plan without secure aggregation', c('gteq', 2), round(0), 'false'],
    ['nothing reported', c('gteq', 2), round(), 'error'],
    ['deferred at negotiation', c('gteq', 2), { scope: 'negotiation' as const }, 'deferred'],
  ] as const)('%s', (_n, json, ctx, expected) => {
    expect(status(fn, json, ctx)).toBe(expected);
  });
  it('an upper bound, a threshold below 2 or a fraction is refused', () => {
    expect(validationOf(fn, c('lteq', 3))).toHaveLength(1);
    expect(validationOf(fn, c('gteq', 1))).toHaveLength(1);
    expect(validationOf(fn, c('gteq', 2.5))).toHaveLength(1);
    expect(validationOf(fn, c('gteq', 2))).toHaveLength(0);
  });
});
