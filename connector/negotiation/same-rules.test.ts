import { describe, expect, it } from 'vitest';
import { sameRules, withoutEmptyArrays } from './same-rules.js';

describe('sameRules', () => {
  it('should read an empty array as no value (the TCK writes `constraints: []` in every rule)', () => {
    expect(sameRules({ permission: [{ action: 'use', constraints: [] }] }, { permission: [{ action: 'use' }] })).toBe(true);
    expect(sameRules({ permission: [{ action: 'use' }], prohibition: [] }, { permission: [{ action: 'use' }] })).toBe(true);
    expect(withoutEmptyArrays({ a: [], b: [{ c: [] }], d: 'x' })).toEqual({ b: [{}], d: 'x' });
  });

  it('should read a one-item array as its item, as JSON-LD compaction writes a single constraint (EDC’s policies arrive so)', () => {
    const constraint = { leftOperand: 'dateTime', operator: 'lt', rightOperand: '2099-01-01T00:00:00Z' };
    expect(sameRules({ permission: [{ action: 'use', constraint: [constraint] }] }, { permission: { action: 'use', constraint } })).toBe(true);
    expect(sameRules({ permission: [{ action: 'use', constraint: [constraint] }] }, { permission: [{ action: 'use', constraint: [constraint, constraint] }] })).toBe(false);
    expect(sameRules({ permission: [{ action: 'use', constraint }] }, { permission: [{ action: 'use', constraint: { ...constraint, operator: 'gt' } }] })).toBe(false);
  });

  it('should still tell different rules apart', () => {
    expect(sameRules({ permission: [{ action: 'use', constraints: [{ leftOperand: 'x' }] }] }, { permission: [{ action: 'use' }] })).toBe(false);
    expect(sameRules({ permission: [{ action: 'use' }] }, { prohibition: [{ action: 'use' }] })).toBe(false);
    expect(sameRules({ permission: [] }, { permission: [{ action: 'use' }] })).toBe(false);
  });
});
