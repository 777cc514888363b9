import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeWithDspSchemas } from '../../test/helpers/dsp-schema-location.js';
import { validateDsp } from '../../test/helpers/dsp-schemas.js';
import { toOdrlOffer } from './odrl-offer.js';

describe('toOdrlOffer', () => {
  it('should turn compact ODRL into the DSP 2025-1 offer shape', () => {
    const policy = {
      '@context': { 'cx-policy': 'https://w3id.org/catenax/policy/' },
      '@type': 'Set',
      '@id': 'urn:policy:1',
      target: 'urn:asset:x',
      permission: {
        action: { '@id': 'odrl:use' },
        target: 'urn:asset:x',
        constraint: {
          and: [
            { leftOperand: 'cx-policy:Membership', operator: 'odrl:eq', rightOperand: 'active' },
            { leftOperand: 'count', operator: 'lteq', rightOperand: 3 },
          ],
        },
        duty: { action: 'delete' },
      },
      prohibition: [{ action: 'distribute' }],
    };
    expect(toOdrlOffer(policy, 'urn:offer:1', 'did:web:p')).toEqual({
      ok: true,
      offer: {
        '@id': 'urn:offer:1',
        '@type': 'Offer',
        assigner: 'did:web:p',
        permission: [
          {
            action: 'use',
            constraint: [
              {
                and: [
                  { leftOperand: 'https://w3id.org/catenax/policy/Membership', operator: 'eq', rightOperand: 'active' },
                  { leftOperand: 'count', operator: 'lteq', rightOperand: { '@value': 3 } },
                ],
              },
            ],
            duty: [{ action: 'delete' }],
          },
        ],
        prohibition: [{ action: 'distribute' }],
      },
    });
  });

  it.each([
    [{ obligation: [{ action: 'pay' }] }, /neither a permission nor a prohibition/],
    [{ permission: [] }, /neither/],
    [{ permission: [{ action: 'use', constraint: [{ leftOperand: 'x', operator: 'odrl:isGreaterThan', rightOperand: '1' }] }] }, /not a DSP 2025-1 operator/],
    [{ permission: [{ constraint: [] }] }, /action must be a term/],
    [{ permission: [{ action: 'use', constraint: [{ and: [], or: [] }] }] }, /mixes logical operators/],
    [{ permission: [{ action: 'use', constraint: [{ leftOperand: 'x', operator: 'eq' }] }] }, /rightOperand is missing/],
  ])('should report %j as not expressible', (policy, problem) => {
    const result = toOdrlOffer(policy, 'urn:offer:1', 'did:web:p');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problem).toMatch(problem);
  });

  it("should keep rules stored under prefixed keys and expand the policy's own prefixes (policies stored before they were spelled bare)", () => {
    const policy = {
      '@context': { k: 'https://w3id.org/kontor/purpose/' },
      permission: [{ action: 'use' }],
      'odrl:prohibition': [{ action: 'use', constraint: [{ leftOperand: 'purpose', operator: 'isA', rightOperand: 'k:marketing' }] }],
    };
    const result = toOdrlOffer(policy, 'urn:offer:1', 'did:web:p');
    expect(result).toEqual({
      ok: true,
      offer: {
        '@id': 'urn:offer:1',
        '@type': 'Offer',
        assigner: 'did:web:p',
        permission: [{ action: 'use' }],
        prohibition: [{ action: 'use', constraint: [{ leftOperand: 'purpose', operator: 'isA', rightOperand: 'https://w3id.org/kontor/purpose/marketing' }] }],
      },
    });
  });

  it('should write terms under prefixes the DSP context does not define as full IRIs, and leave literals alone', () => {
    const policy = {
      permission: [
        {
          action: 'use',
          constraint: [
            { leftOperand: 'cx-policy:Membership', operator: 'eq', rightOperand: 'active' },
            { leftOperand: 'fl:epsilon', operator: 'lteq', rightOperand: { '@value': '1.5', '@type': 'xsd:decimal' } },
            { leftOperand: 'purpose', operator: 'isA', rightOperand: [{ '@id': 'purpose:research' }, 'purpose:marketing'] },
          ],
        },
      ],
      prohibition: [{ action: 'kontor:resell' }],
    };
    const result = toOdrlOffer(policy, 'urn:offer:1', 'did:web:p');
    expect(result.ok && result.offer).toEqual({
      '@id': 'urn:offer:1',
      '@type': 'Offer',
      assigner: 'did:web:p',
      permission: [
        {
          action: 'use',
          constraint: [
            { leftOperand: 'https://w3id.org/catenax/policy/Membership', operator: 'eq', rightOperand: 'active' },
            { leftOperand: 'https://w3id.org/kontor/fl/epsilon', operator: 'lteq', rightOperand: { '@value': '1.5', '@type': 'xsd:decimal' } },
            { leftOperand: 'purpose', operator: 'isA', rightOperand: [{ '@id': 'https://w3id.org/kontor/purpose/research' }, 'purpose:marketing'] },
          ],
        },
      ],
      prohibition: [{ action: 'https://w3id.org/kontor/policy/resell' }],
    });
  });
});

const dir = new URL('../../policy/examples/', import.meta.url);
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
const offerFor = (file: string) => toOdrlOffer(JSON.parse(readFileSync(new URL(file, dir), 'utf8')) as Record<string, unknown>, 'urn:offer:1', 'did:web:p');

/** DSP 2025-1 wants `action` to be a string, so an ODRL action refinement cannot travel in a catalog offer. */
const NOT_EXPRESSIBLE: Record<string, RegExp> = { 'federated-training-offer.json': /\/permission\/0\/action must be a term/ };

describe('toOdrlOffer on the policy examples', () => {
  it.each(files)('should turn %s into an offer, or name why it cannot', (file) => {
    const result = offerFor(file);
    expect(result.ok).toBe(!(file in NOT_EXPRESSIBLE));
    if (!result.ok) expect(result.problem).toMatch(NOT_EXPRESSIBLE[file] ?? /never/);
  });
});

describeWithDspSchemas('toOdrlOffer on the policy examples against the upstream schemas', () => {
  it.each(files.filter((f) => !(f in NOT_EXPRESSIBLE)))('should turn %s into a schema-valid offer', (file) => {
    const result = offerFor(file);
    if (!result.ok) throw new Error(result.problem);
    const dataset = {
      '@context': ['https://w3id.org/dspace/2025/1/context.jsonld'],
      '@id': 'd',
      hasPolicy: [result.offer],
      distribution: [{ format: 'HttpData-PULL', accessService: 's' }],
    };
    for (const set of ['2025-1', 'tck'] as const) expect(validateDsp(set, 'Dataset', dataset)).toEqual({ valid: true, errors: [] });
  });
});
