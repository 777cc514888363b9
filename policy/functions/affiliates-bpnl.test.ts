import { describe, expect, it } from 'vitest';
import { affiliatesBpnlFunction as fn } from './affiliates-bpnl.js';
import { status, validationOf } from './function-test-kit.js';

const c = { leftOperand: 'cx-policy:AffiliatesBpnl', operator: 'isAnyOf', rightOperand: ['BPNL000000000001'] };

describe('AffiliatesBpnl', () => {
  it.each([
    ['permission: listed affiliate', [{ bpnl: 'BPNL000000000001' }], 'permission', 'true'],
    ['permission: unlisted affiliate', [{ bpnl: 'BPNL000000000009' }], 'permission', 'false'],
    ['permission: no affiliate', [], 'permission', 'true'],
    ['prohibition: listed affiliate', [{ bpnl: 'BPNL000000000001' }], 'prohibition', 'true'],
    ['affiliate without BPNL', [{ region: 'x' }], 'permission', 'error'],
  ] as const)('%s', (_n, affiliates, kind, expected) => {
    expect(status(fn, c, { affiliates }, kind)).toBe(expected);
  });
  it('rejects non-BPNL values', () => expect(validationOf(fn, { ...c, rightOperand: ['ACME'] })).toHaveLength(1));
});
