import { describe, expect, it } from 'vitest';
import { usageRestrictionFunction as fn } from './usage-restriction.js';
import { agent, run, status, validationOf } from './function-test-kit.js';

const c = (rightOperand: unknown = ['cx.thirdParty.forbidden:1'], operator = 'isAllOf') => ({ leftOperand: 'cx-policy:UsageRestriction', operator, rightOperand });
const me = agent({ businessPartnerNumber: 'BPNL000000000001' });

describe('UsageRestriction (prohibition)', () => {
  it.each([
    ['plain use: deferred contract term', c(), {}, 'deferred'],
    ['distribute breaks thirdParty.forbidden', c(), { action: 'distribute' }, 'true'],
    ['a third-party recipient breaks it', c(), { agent: me, recipient: 'did:web:other.example' }, 'true'],
    ['the consumer as recipient does not', c(), { agent: me, recipient: 'BPNL000000000001' }, 'deferred'],
    ['modify breaks manipulation.forbidden', c(['cx.manipulation.forbidden:1']), { action: 'modify' }, 'true'],
    ['derive breaks derivations.forbidden', c(['cx.derivations.forbidden:1', 'cx.thirdParty.forbidden:1']), { action: 'odrl:derive' }, 'true'],
    ['read breaks none', c(['cx.derivations.forbidden:1', 'cx.extraordinaryAnalytics.forbidden:1']), { action: 'read' }, 'deferred'],
    ['a value outside the vocabulary', c(['cx.anything:1']), {}, 'error'],
  ] as const)('%s', (_n, json, context, expected) => {
    expect(status(fn, json, context, 'prohibition')).toBe(expected);
  });
  it('in a permission it is an error, and refused at creation', () => {
    expect(status(fn, c(), {}, 'permission')).toBe('error');
    expect(validationOf(fn, c()).map((v) => v.message)).toContain('cx-policy:UsageRestriction belongs in a prohibition');
  });
  it('says what was broken', () => {
    expect(run(fn, c(), { action: 'distribute' }, 'prohibition')).toMatchObject({ message: expect.stringContaining('third parties') });
  });
  it('only isAllOf with known restrictions', () => {
    expect(validationOf(fn, c(['cx.thirdParty.forbidden:1'], 'eq')).length).toBeGreaterThan(0);
  });
});
