import { describe, expect, it } from 'vitest';
import { deltaFunction as fn } from './fl-delta.js';
import { status, validationOf } from './function-test-kit.js';

const c = (operator: string, rightOperand: unknown) => ({ leftOperand: 'fl:delta', operator, rightOperand });
const round = (delta?: number) => ({ scope: 'training.round' as const, training: delta === undefined ? {} : { delta } });

describe('fl:delta (the δ the site accounts ε at ≤ the agreed δ)', () => {
  it.each([
    ['the agreed δ', c('lteq', 1e-5), round(1e-5), 'true'],
    ['a smaller δ', c('lteq', 1e-5), round(1e-6), 'true'],
    ['a larger δ', c('lteq', 1e-5), round(1e-4), 'false'],
    ['eq holds only at that δ', c('eq', 1e-5), round(1e-6), 'false'],
    ['no δ reported', c('lteq', 1e-5), round(), 'error'],
    ['deferred at negotiation', c('lteq', 1e-5), { scope: 'negotiation' as const }, 'deferred'],
  ] as const)('%s', (_n, json, ctx, expected) => {
    expect(status(fn, json, ctx)).toBe(expected);
  });
  it('δ must lie in (0, 1) and be bounded from above', () => {
    expect(validationOf(fn, c('lteq', 0))).toHaveLength(1);
    expect(validationOf(fn, c('lteq', 1))).toHaveLength(1);
    expect(validationOf(fn, c('gteq', 1e-5))).toHaveLength(1);
    expect(validationOf(fn, c('lteq', 1e-5))).toHaveLength(0);
  });
});
