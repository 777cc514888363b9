import { describe, expect, it } from 'vitest';
import { clipNormFunction as fn } from './fl-clip-norm.js';
import { status, validationOf } from './function-test-kit.js';

const c = (operator: string, rightOperand: unknown) => ({ leftOperand: 'fl:clipNorm', operator, rightOperand });
const round = (clipNorm?: number) => ({ scope: 'training.round' as const, training: clipNorm === undefined ? {} : { clipNorm } });

describe('fl:clipNorm (site clip norm ≤ agreed max)', () => {
  it.each([
    ['tighter clipping', c('lteq', 1.0), round(0.5), 'true'],
    ['agreed clipping', c('lteq', 1.0), round(1.0), 'true'],
    ['looser clipping', c('lteq', 1.0), round(1.5), 'false'],
    ['no clipping reported', c('lteq', 1.0), round(), 'error'],
    ['string operand coerced', c('lteq', '1.0'), round(0.9), 'true'],
  ] as const)('%s', (_n, json, ctx, expected) => {
    expect(status(fn, json, ctx)).toBe(expected);
  });
  it('a lower bound on the clip norm is refused, and so is zero', () => {
    expect(validationOf(fn, c('gteq', 1.0))).toHaveLength(1);
    expect(validationOf(fn, c('lteq', 0))).toHaveLength(1);
  });
});
