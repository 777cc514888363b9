import { describe, expect, it, vi } from 'vitest';
import { createPolicyEngine } from '../../policy/index.js';
import type { PolicyDefinition } from './policy-definition.js';
import { parsedPolicyDefinitions } from './parsed-policy-definitions.js';

const definition = (version: number, policy: Record<string, unknown> = { '@type': 'Set', permission: [{ action: 'use' }] }): PolicyDefinition => ({
  id: 'p1',
  createdAt: 0,
  updatedAt: version,
  version,
  policy,
});

describe('parsedPolicyDefinitions', () => {
  it('should parse a definition once per version and hand back the same policy object', () => {
    const engine = createPolicyEngine();
    const parse = vi.spyOn(engine, 'parse');
    const parsed = parsedPolicyDefinitions(engine);
    const first = parsed(definition(1));
    expect(parsed(structuredClone(definition(1)))).toBe(first);
    expect(parse).toHaveBeenCalledTimes(1);
    const second = parsed(definition(2, { '@type': 'Set', prohibition: [{ action: 'use' }] }));
    expect(second).not.toBe(first);
    expect(parse).toHaveBeenCalledTimes(2);
  });

  it('should throw POLICY_INVALID for a policy that does not parse, every time', () => {
    const parsed = parsedPolicyDefinitions(createPolicyEngine());
    const bad = definition(1, { '@type': 'Set', permission: 'nonsense' });
    expect(() => parsed(bad)).toThrow(expect.objectContaining({ code: 'POLICY_INVALID' }));
    expect(() => parsed(bad)).toThrow(expect.objectContaining({ code: 'POLICY_INVALID' }));
  });
});
