import { describe, expect, it } from 'vitest';
import { contractReferenceFunction as fn } from './contract-reference.js';
import { status } from './function-test-kit.js';

const c = (operator: string, rightOperand: unknown) => ({ leftOperand: 'cx-policy:ContractReference', operator, rightOperand });

describe('ContractReference', () => {
  it.each([
    ['all cited', c('isAllOf', ['c-1', 'c-2']), ['c-2', 'c-1', 'c-3'], 'true'],
    ['one missing', c('isAllOf', ['c-1', 'c-2']), ['c-1'], 'false'],
    ['none cited', c('isAllOf', ['c-1']), undefined, 'false'],
    ['eq means cited', c('eq', 'c-1'), ['c-1'], 'true'],
  ] as const)('%s', (_n, json, refs, expected) => {
    expect(status(fn, json, refs ? { contractReferences: refs } : {})).toBe(expected);
  });
  it('not bound in catalog', () => expect(status(fn, c('eq', 'c-1'), { scope: 'catalog' })).toBe('unbound'));
});
