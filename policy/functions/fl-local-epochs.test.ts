import { describe, expect, it } from 'vitest';
import { localEpochsFunction as fn } from './fl-local-epochs.js';
import { status, validationOf } from './function-test-kit.js';

const c = (operator: string, rightOperand: unknown) => ({ leftOperand: 'fl:localEpochs', operator, rightOperand });
const round = (localEpochs?: number) => ({ scope: 'training.round' as const, training: localEpochs === undefined ? {} : { localEpochs } });

describe('fl:localEpochs', () => {
  it.each([
    ['below max', c('lteq', 5), round(3), 'true'],
    ['at max', c('lteq', 5), round(5), 'true'],
    ['above max', c('lteq', 5), round(6), 'false'],
    ['not reported', c('lteq', 5), round(), 'error'],
    ['deferred at transfer', c('lteq', 5), { scope: 'transfer' as const }, 'deferred'],
  ] as const)('%s', (_n, json, ctx, expected) => {
    expect(status(fn, json, ctx)).toBe(expected);
  });
  it('a minimum on epochs would loosen the bound: refused', () => {
    expect(validationOf(fn, c('gteq', 5))[0]?.pointer).toBe('/constraint/0/operator');
    expect(validationOf(fn, c('lteq', 0))).toHaveLength(1);
  });
});
