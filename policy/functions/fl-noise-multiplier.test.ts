import { describe, expect, it } from 'vitest';
import { noiseMultiplierFunction as fn } from './fl-noise-multiplier.js';
import { status, validationOf } from './function-test-kit.js';

const c = (operator: string, rightOperand: unknown) => ({ leftOperand: 'fl:noiseMultiplier', operator, rightOperand });
const round = (noiseMultiplier?: number) => ({ scope: 'training.round' as const, training: noiseMultiplier === undefined ? {} : { noiseMultiplier } });

describe('fl:noiseMultiplier (site noise ≥ agreed min)', () => {
  it.each([
    ['more noise', c('gteq', 0.5), round(1.1), 'true'],
    ['agreed noise', c('gteq', 0.5), round(0.5), 'true'],
    ['less noise', c('gteq', 0.5), round(0.4), 'false'],
    ['no noise reported', c('gteq', 0.5), round(), 'error'],
    ['deferred at negotiation', c('gteq', 0.5), { scope: 'negotiation' as const }, 'deferred'],
  ] as const)('%s', (_n, json, ctx, expected) => {
    expect(status(fn, json, ctx)).toBe(expected);
  });
  it('an upper bound on noise is refused', () => expect(validationOf(fn, c('lteq', 0.5))).toHaveLength(1));
});
