import { describe, expect, it } from 'vitest';
import { planHashFunction as fn } from './fl-plan-hash.js';
import { status, validationOf } from './function-test-kit.js';

const H = `sha256:${'ab'.repeat(32)}`;
const c = (rightOperand: unknown, operator = 'eq') => ({ leftOperand: 'fl:planHash', operator, rightOperand });
const round = (planHash?: string) => ({ scope: 'training.round' as const, training: planHash === undefined ? {} : { planHash } });

describe('fl:planHash', () => {
  it.each([
    ['pinned plan', c(H), round(H), 'true'],
    ['upper-case hex from the site', c(H), round(H.toUpperCase().replace('SHA256', 'sha256')), 'true'],
    ['other plan', c(H), round(`sha256:${'cd'.repeat(32)}`), 'false'],
    ['no plan hash', c(H), round(), 'error'],
    ['deferred at negotiation', c(H), { scope: 'negotiation' as const }, 'deferred'],
  ] as const)('%s', (_n, json, ctx, expected) => {
    expect(status(fn, json, ctx)).toBe(expected);
  });
  it('only eq with a sha hash', () => {
    expect(validationOf(fn, c('latest'))).toHaveLength(1);
    expect(validationOf(fn, c(H, 'neq'))).toHaveLength(1);
  });
});
