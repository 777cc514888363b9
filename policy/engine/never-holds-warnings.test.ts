import { describe, expect, it } from 'vitest';
import { createPolicyEngine } from './policy-engine.js';
import { scopeWarnings } from './scope-warnings.js';

const engine = createPolicyEngine();
const base = { now: Date.parse('2026-06-01T00:00:00Z'), agent: { id: 'urn:kontor:any-requester', claims: { credentialTypes: [] } } };
// As POST /policies/validate asks: catalog for an access policy, negotiation for a contract policy.
const warnings = (policy: Record<string, unknown>, scope: 'catalog' | 'negotiation') => scopeWarnings(engine, policy, scope, { ...base, scope });
const count = (operator: string, rightOperand: unknown, extra: Record<string, unknown> = {}) => ({
  '@type': 'Set',
  permission: [{ action: 'use', constraint: [{ leftOperand: 'count', operator, rightOperand, ...extra }] }],
});

describe('warnings for a valid policy that denies whatever the request says', () => {
  it.each(['catalog', 'negotiation'] as const)('a policy without a permission denies every request (%s)', (scope) => {
    for (const policy of [
      { '@type': 'Set', prohibition: [{ action: 'distribute' }] },
      { '@type': 'Set', permission: [], obligation: [{ action: 'delete' }] },
    ]) {
      expect(warnings(policy, scope)).toContainEqual({
        pointer: '',
        scope,
        needs: [],
        message: `the policy has no permission, only prohibitions or obligations, which grant nothing: in scope ${scope} it denies every request`,
      });
    }
    expect(warnings({ '@type': 'Set', permission: [{ action: 'use' }], prohibition: [{ action: 'distribute' }] }, scope)).toEqual([]);
  });

  it.each([
    ['lteq', -1],
    ['lteq', 0],
    ['lt', 1],
    ['lt', '1'],
    ['eq', 0],
  ])('count %s %s never holds: a use is number 1 or later', (operator, n) => {
    expect(warnings(count(operator, n), 'negotiation')).toEqual([
      expect.objectContaining({ pointer: '/permission/0/constraint/0', scope: 'negotiation', needs: [], message: expect.stringMatching(/never holds: every use is number 1/) }),
    ]);
  });

  it('names training rounds for a round budget, and leaves reachable bounds alone', () => {
    expect(warnings(count('lt', 1, { unit: 'fl:TrainingRound' }), 'negotiation')[0]?.message).toBe(
      'count lt 1 (fl:TrainingRound) never holds: every training round is number 1 or later (those before it + 1)',
    );
    for (const [op, n] of [
      ['lteq', 1],
      ['lt', 2],
      ['eq', 1],
      ['gt', -5],
      ['gteq', 0],
    ] as const)
      expect(warnings(count(op, n), 'negotiation')).toEqual([]);
  });

  it('looks inside logical constraints and action refinements', () => {
    const policy = {
      '@type': 'Set',
      permission: [
        {
          action: { 'rdf:value': { '@id': 'odrl:use' }, refinement: [{ leftOperand: 'count', operator: 'lteq', rightOperand: 0 }] },
          constraint: [
            {
              or: [
                { leftOperand: 'count', operator: 'lt', rightOperand: 1 },
                { leftOperand: 'dateTime', operator: 'lt', rightOperand: '2030-01-01T00:00:00Z' },
              ],
            },
          ],
        },
      ],
    };
    expect(warnings(policy, 'negotiation').map((w) => w.pointer)).toEqual(['/permission/0/action/refinement/0', '/permission/0/constraint/0/or/0']);
  });
});
