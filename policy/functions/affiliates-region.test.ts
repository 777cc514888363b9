import { describe, expect, it } from 'vitest';
import { affiliatesRegionFunction as fn } from './affiliates-region.js';
import { status } from './function-test-kit.js';

const c = { leftOperand: 'cx-policy:AffiliatesRegion', operator: 'isAnyOf', rightOperand: ['cx.region.europe:1'] };
const eu = { bpnl: 'BPNL000000000001', region: 'cx.region.europe:1' };
const na = { bpnl: 'BPNL000000000002', region: 'cx.region.northAmerica:1' };

describe('AffiliatesRegion', () => {
  it.each([
    ['permission: all affiliates in allowed regions', [eu], 'permission', 'true'],
    ['permission: one outside', [eu, na], 'permission', 'false'],
    ['permission: no affiliate reached', [], 'permission', 'true'],
    ['permission: affiliate without region', [{ bpnl: 'BPNL000000000003' }], 'permission', 'error'],
    ['prohibition: an affiliate in a listed region', [na, eu], 'prohibition', 'true'],
    ['prohibition: none listed', [na], 'prohibition', 'false'],
    ['prohibition: no affiliate', [], 'prohibition', 'false'],
  ] as const)('%s', (_n, affiliates, kind, expected) => {
    expect(status(fn, c, { affiliates }, kind)).toBe(expected);
  });
});
