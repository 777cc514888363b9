import { describe, expect, it } from 'vitest';
import { ConnectorError } from '../../core/index.js';
import { MAX_LOGICAL_DEPTH } from './parse-constraint.js';
import { parsePolicy, readPolicy } from './parse-policy.js';

/** A permission whose constraint is `levels` logical constraints (and / or alternately) around one atomic one. */
function nested(levels: number): unknown {
  let constraint: unknown = { leftOperand: 'purpose', operator: 'eq', rightOperand: 'research' };
  for (let i = 0; i < levels; i++) constraint = { [i % 2 ? 'and' : 'or']: [constraint] };
  return { '@type': 'Offer', permission: [{ action: 'use', constraint: [constraint] }] };
}

describe('logical constraint depth', () => {
  it(`should read ${MAX_LOGICAL_DEPTH} nested levels`, () => {
    expect(readPolicy(nested(MAX_LOGICAL_DEPTH)).problems).toEqual([]);
  });

  it('should report one level more as a policy problem', () => {
    const { problems } = readPolicy(nested(MAX_LOGICAL_DEPTH + 1));
    expect(problems).toHaveLength(1);
    expect(problems[0]?.message).toMatch(/nest deeper than 32 levels/);
  });

  it('should refuse 1,500 levels with POLICY_INVALID, not a stack overflow', () => {
    const error = (() => {
      try {
        parsePolicy(nested(1500));
        return undefined;
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ConnectorError);
    expect(error).toMatchObject({ code: 'POLICY_INVALID' });
  });
});
