import { describe, expect, it } from 'vitest';
import { ConnectorError } from '../../core/index.js';
import { parsePolicy, readPolicy } from './parse-policy.js';

const perm = (extra: Record<string, unknown> = {}) => ({ '@type': 'Offer', permission: [{ action: 'use', ...extra }] });
const pointers = (json: unknown) => readPolicy(json).problems.map((p) => p.pointer);

describe('parsePolicy', () => {
  it('reads an Offer with bare, prefixed and IRI terms alike', () => {
    const forms = ['eq', 'odrl:eq', 'http://www.w3.org/ns/odrl/2/eq', { '@id': 'odrl:eq' }];
    for (const operator of forms) {
      const p = parsePolicy(perm({ constraint: [{ leftOperand: { '@id': 'odrl:purpose' }, operator, rightOperand: 'x' }] }));
      const c = p.permissions[0]?.constraints[0];
      expect(c).toMatchObject({ kind: 'atomic', leftOperand: 'http://www.w3.org/ns/odrl/2/purpose', operator: 'eq', path: '/permission/0/constraint/0' });
    }
  });

  it('accepts odrl:-prefixed property names and single objects instead of arrays', () => {
    const p = parsePolicy({ '@type': 'odrl:Set', 'odrl:permission': { 'odrl:action': { '@id': 'odrl:read' } } });
    expect(p.type).toBe('Set');
    expect(p.permissions[0]?.actions[0]?.iri).toBe('http://www.w3.org/ns/odrl/2/read');
  });

  it('reads action refinements in both object forms', () => {
    const refinement = [{ leftOperand: 'fl:taskType', operator: 'eq', rightOperand: 'fl:fit' }];
    for (const action of [{ action: 'use', refinement }, [{ 'rdf:value': { '@id': 'odrl:use' }, refinement }]]) {
      const a = parsePolicy(perm({ action })).permissions[0]?.actions[0];
      expect(a?.refinements[0]).toMatchObject({ leftOperand: 'https://w3id.org/kontor/fl/taskType' });
    }
  });

  it('reads logical constraints, duties, consequences, remedies, obligations and parties', () => {
    const p = parsePolicy({
      '@type': 'Agreement',
      '@id': 'urn:agr:1',
      assigner: 'did:web:p',
      assignee: { '@id': 'did:web:c' },
      target: 'urn:asset:1',
      profile: 'https://w3id.org/kontor/fl/',
      permission: [
        {
          action: 'use',
          constraint: [
            {
              xone: {
                '@list': [
                  { leftOperand: 'spatial', operator: 'eq', rightOperand: 'DE' },
                  { leftOperand: 'spatial', operator: 'eq', rightOperand: 'FR' },
                ],
              },
            },
          ],
          duty: [{ action: 'inform', informedParty: 'did:web:p' }],
        },
      ],
      prohibition: [{ action: 'distribute', remedy: [{ action: 'delete' }] }],
      obligation: [{ action: 'delete', consequence: [{ action: 'inform' }] }],
    });
    expect(p).toMatchObject({ type: 'Agreement', id: 'urn:agr:1', assigner: 'did:web:p', assignee: 'did:web:c', profiles: ['https://w3id.org/kontor/fl/'] });
    const x = p.permissions[0]?.constraints[0];
    expect(x?.kind === 'logical' && x.operator).toBe('xone');
    expect(x?.kind === 'logical' && x.constraints[1]?.path).toBe('/permission/0/constraint/0/xone/@list/1');
    expect(p.permissions[0]).toMatchObject({ target: 'urn:asset:1', assignee: 'did:web:c' });
    expect(p.permissions[0]?.duties[0]).toMatchObject({ informedParty: 'did:web:p', path: '/permission/0/duty/0' });
    expect(p.prohibitions[0]?.remedies).toHaveLength(1);
    expect(p.obligations[0]?.consequences[0]?.path).toBe('/obligation/0/consequence/0');
  });

  it('types right operands', () => {
    const right = (rightOperand: unknown, extra: Record<string, unknown> = {}) =>
      parsePolicy(perm({ constraint: [{ leftOperand: 'dateTime', operator: 'lt', rightOperand, ...extra }] })).permissions[0]?.constraints[0];
    expect(right({ '@value': '2027-01-01T00:00:00Z', '@type': 'xsd:dateTime' })).toMatchObject({ rightOperand: { type: 'dateTime', value: Date.parse('2027-01-01T00:00:00Z') } });
    expect(right('P30D', { dataType: 'xsd:duration' })).toMatchObject({ rightOperand: { type: 'duration', value: { months: 0, ms: 30 * 86_400_000 } } });
    expect(right('5', { dataType: 'xsd:integer' })).toMatchObject({ rightOperand: { type: 'number', value: 5 } });
    expect(right({ '@id': 'purpose:research' })).toMatchObject({ rightOperand: { type: 'iri', value: 'https://w3id.org/kontor/purpose/research' } });
    expect(right([1, 2])).toMatchObject({ rightOperand: { type: 'list' } });
  });

  it('uses prefixes from the policy @context', () => {
    const p = parsePolicy({ '@context': { ex: 'https://example.org/' }, permission: { action: 'use', target: 'ex:asset' } });
    expect(p.permissions[0]?.target).toBe('https://example.org/asset');
  });

  it.each([
    ['not an object', 'nope', ''],
    ['no rules', { '@type': 'Set' }, ''],
    ['bad type', { '@type': 'Contract', permission: { action: 'use' } }, '/@type'],
    ['unknown operator', perm({ constraint: [{ leftOperand: 'purpose', operator: 'like', rightOperand: 'x' }] }), '/permission/0/constraint/0/operator'],
    ['unknown action', { permission: [{ action: 'odrl:teleport' }] }, '/permission/0/action'],
    ['missing action', { permission: [{}] }, '/permission/0/action'],
    ['missing rightOperand', perm({ constraint: [{ leftOperand: 'purpose', operator: 'eq' }] }), '/permission/0/constraint/0/rightOperand'],
    ['missing leftOperand', perm({ constraint: [{ operator: 'eq', rightOperand: 1 }] }), '/permission/0/constraint/0/leftOperand'],
    [
      'bad dateTime literal',
      perm({ constraint: [{ leftOperand: 'dateTime', operator: 'lt', rightOperand: { '@value': '2027-02-30T00:00:00Z', '@type': 'xsd:dateTime' } }] }),
      '/permission/0/constraint/0/rightOperand',
    ],
    [
      'bad duration literal',
      perm({ constraint: [{ leftOperand: 'elapsedTime', operator: 'lt', rightOperand: 'P1X', dataType: 'xsd:duration' }] }),
      '/permission/0/constraint/0/rightOperand',
    ],
    [
      'unknown datatype',
      perm({ constraint: [{ leftOperand: 'count', operator: 'lt', rightOperand: { '@value': '1', '@type': 'xsd:hexBinary' } }] }),
      '/permission/0/constraint/0/rightOperand',
    ],
    ['unknown constraint key', perm({ constraint: [{ leftOperand: 'count', operator: 'lt', rightOperand: 1, weight: 2 }] }), '/permission/0/constraint/0/weight'],
    ['two logical operators', perm({ constraint: [{ and: [], or: [] }] }), '/permission/0/constraint/0'],
    ['empty logical list', perm({ constraint: [{ and: [] }] }), '/permission/0/constraint/0/and'],
    [
      'rightOperandReference',
      perm({ constraint: [{ leftOperand: 'purpose', operator: 'eq', rightOperandReference: 'http://x' }] }),
      '/permission/0/constraint/0/rightOperandReference',
    ],
    ['unknown rule property', perm({ priority: 1 }), '/permission/0/priority'],
    ['inheritFrom', { inheritFrom: 'urn:x', permission: { action: 'use' } }, '/inheritFrom'],
    ['conflict perm', { conflict: 'perm', permission: { action: 'use' } }, '/conflict'],
    ['agreement without assignee', { '@type': 'Agreement', assigner: 'did:web:p', permission: { action: 'use' } }, '/assignee'],
    ['party collection', { assignee: { '@type': 'PartyCollection', source: 'x' }, permission: { action: 'use' } }, '/assignee'],
    ['null right operand', perm({ constraint: [{ leftOperand: 'purpose', operator: 'eq', rightOperand: null }] }), '/permission/0/constraint/0/rightOperand'],
  ])('reports %s at its pointer', (_n, json, pointer) => {
    expect(pointers(json)).toContain(pointer);
  });

  it('finds every problem at once', () => {
    const json = { permission: [{ action: 'fly' }, { action: 'use', constraint: [{ leftOperand: 'x', operator: 'near', rightOperand: 1 }] }] };
    expect(pointers(json)).toEqual(['/permission/0/action', '/permission/1/constraint/0/operator']);
  });

  it('throws POLICY_INVALID with the violations', () => {
    try {
      parsePolicy({ permission: [{ action: 'fly' }] });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConnectorError);
      expect((e as ConnectorError).code).toBe('POLICY_INVALID');
      expect((e as ConnectorError).violations[0]).toMatchObject({ pointer: '/permission/0/action', message: "unknown action 'fly'" });
    }
  });

  it('escapes pointer segments', () => {
    expect(pointers(perm({ constraint: [{ leftOperand: 'count', operator: 'lt', rightOperand: 1, 'a/b': 1 }] }))).toContain('/permission/0/constraint/0/a~1b');
  });

  it('refuses a profile the engine does not implement, at /profile (it would be stored and ignored)', () => {
    const bare = { permission: { action: 'use' } };
    expect(readPolicy({ ...bare, profile: 'https://example.org/my-profile' }).problems).toEqual([
      { pointer: '/profile', message: expect.stringMatching(/^unknown profile 'https:\/\/example.org\/my-profile'/) },
    ]);
    expect(readPolicy({ ...bare, profile: ['fl:', 'urn:other'] }).problems.map((p) => p.pointer)).toEqual(['/profile/1']);
    expect(readPolicy({ ...bare, profile: 'fl:' }).policy?.profiles).toEqual(['https://w3id.org/kontor/fl/']);
    expect(readPolicy({ ...bare, profile: 'cx-policy:profile2405' }).policy?.profiles).toEqual(['https://w3id.org/catenax/policy/profile2405']);
  });
});
