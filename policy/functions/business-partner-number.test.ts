import { describe, expect, it } from 'vitest';
import { businessPartnerNumberFunction as fn } from './business-partner-number.js';
import { agent, status, validationOf } from './function-test-kit.js';

const c = (operator: string, rightOperand: unknown) => ({ leftOperand: 'cx-policy:BusinessPartnerNumber', operator, rightOperand });
const a = agent({ businessPartnerNumber: 'BPNL00000000CRHK' });

describe('BusinessPartnerNumber', () => {
  it.each([
    ['listed', c('isAnyOf', ['BPNL000000000001', 'BPNL00000000CRHK']), a, 'true'],
    ['not listed', c('isAnyOf', ['BPNL000000000001']), a, 'false'],
    ['eq', c('eq', 'BPNL00000000CRHK'), a, 'true'],
    ['isNoneOf listed', c('isNoneOf', ['BPNL00000000CRHK']), a, 'false'],
    ['participant without BPN', c('eq', 'BPNL00000000CRHK'), agent(), 'error'],
    ['no agent', c('eq', 'BPNL00000000CRHK'), undefined, 'error'],
  ] as const)('%s', (_n, json, ag, expected) => {
    expect(status(fn, json, ag ? { agent: ag, scope: 'catalog' } : { scope: 'catalog' })).toBe(expected);
  });

  it('rejects malformed BPNs at creation', () => {
    expect(validationOf(fn, c('isAnyOf', ['BPNL1']))[0]?.message).toMatch(/not a BPN/);
  });
});
