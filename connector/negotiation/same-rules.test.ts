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

  it('should read rule keys as the policy engine does: a rule under its full IRI or a prefix is the rule it names', () => {
    const offer = { '@id': 'urn:o', target: 'd', permission: [{ action: 'use' }] };
    const agreement = { '@id': 'urn:ag', target: 'd', assigner: 'did:web:p', assignee: 'did:web:c', timestamp: '2026-01-01T00:00:00Z', permission: [{ action: 'use' }] };
    expect(sameRules(agreement, offer)).toBe(true);
    expect(sameRules({ ...agreement, 'http://www.w3.org/ns/odrl/2/obligation': [{ action: 'delete' }] }, offer)).toBe(false);
    expect(sameRules({ ...agreement, 'odrl:obligation': [{ action: 'delete' }] }, offer)).toBe(false);
    expect(sameRules({ 'odrl:permission': [{ 'odrl:action': 'use' }] }, offer)).toBe(true);
    expect(sameRules({ ...agreement, 'http://www.w3.org/ns/odrl/2/obligation': [{ action: 'delete' }] }, { ...offer, obligation: [{ action: 'delete' }] })).toBe(true);
  });

  it('should refuse rules it cannot be sure of: one property under two spellings, or a top-level key it does not know', () => {
    const offer = { permission: [{ action: 'use' }] };
    expect(sameRules({ ...offer, obligation: [], 'odrl:obligation': [{ action: 'delete' }] }, offer)).toBe(false);
    expect(sameRules({ ...offer, 'odrl:permission': [{ action: 'distribute' }] }, offer)).toBe(false);
    expect(sameRules({ ...offer, 'http://example.org/duty': [{ action: 'delete' }] }, offer)).toBe(false);
    expect(sameRules({ ...offer, inheritFrom: 'urn:p' }, offer)).toBe(false);
    expect(sameRules({ ...offer, 'dct:title': 'x', 'rdfs:label': 'y' }, offer)).toBe(true);
  });
});
