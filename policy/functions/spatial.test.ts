import { describe, expect, it } from 'vitest';
import { status } from './function-test-kit.js';
import { spatialFunction as fn } from './spatial.js';

const c = (operator: string, rightOperand: unknown) => ({ leftOperand: 'odrl:spatial', operator, rightOperand });

describe('spatial', () => {
  it.each([
    ['eq', c('eq', 'DE'), 'DE', 'true'],
    ['eq other', c('eq', 'DE'), 'US', 'false'],
    ['isAnyOf', c('isAnyOf', ['DE', 'FR']), 'FR', 'true'],
    ['isNoneOf', c('isNoneOf', ['US']), 'FR', 'true'],
    ['no location', c('eq', 'DE'), undefined, 'error'],
  ] as const)('%s', (_n, json, spatial, expected) => {
    expect(status(fn, json, spatial ? { spatial } : {})).toBe(expected);
  });
});
