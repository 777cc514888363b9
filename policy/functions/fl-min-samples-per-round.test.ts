import { describe, expect, it } from 'vitest';
import { minSamplesPerRoundFunction as fn } from './fl-min-samples-per-round.js';
import { status, validationOf } from './function-test-kit.js';

const c = (operator: string, rightOperand: unknown) => ({ leftOperand: 'fl:minSamplesPerRound', operator, rightOperand });
const round = (sampleCount?: number) => ({ scope: 'training.round' as const, training: sampleCount === undefined ? {} : { sampleCount } });

describe('fl:minSamplesPerRound', () => {
  it.each([
    ['enough samples', c('gteq', 32), round(100), 'true'],
    ['exactly the minimum', c('gteq', 32), round(32), 'true'],
    ['too few samples', c('gteq', 32), round(31), 'false'],
    ['not reported', c('gteq', 32), round(), 'error'],
  ] as const)('%s', (_n, json, ctx, expected) => {
    expect(status(fn, json, ctx)).toBe(expected);
  });
  it('only lower bounds', () => expect(validationOf(fn, c('lteq', 32))).toHaveLength(1));
});
