import { describe, expect, it } from 'vitest';
import { toOdrlOffer } from '../../catalog/index.js';
import { deleteDutiesOf } from './deletion-duties.js';

const stored = {
  permission: [{ action: 'use' }],
  obligation: [
    {
      action: 'delete',
      constraint: [{ leftOperand: 'elapsedTime', operator: 'lteq', rightOperand: { '@value': 'PT1H', '@type': 'xsd:duration' } }],
      consequence: [{ action: 'inform' }],
    },
    { action: 'anonymize' },
  ],
};
const expected = [{ index: 0, assignee: undefined, afterMs: 3_600_000, consequence: ['inform'] }];

describe('deleteDutiesOf', () => {
  it('should read a delete duty with its deadline and consequence as a stored policy writes it', () => {
    expect(deleteDutiesOf(stored)).toEqual(expected);
  });

  it('should read the same duty from the agreement of a DSP offer, which writes `odrl:consequence`', () => {
    const built = toOdrlOffer(stored, 'urn:kontor:offer:x', 'did:web:p');
    if (!built.ok) throw new Error(built.problem);
    expect(JSON.stringify(built.offer)).toContain('"odrl:consequence"');
    expect(deleteDutiesOf(built.offer as unknown as Record<string, unknown>)).toEqual(expected);
  });

  it('should read ODRL keys and terms under their prefix or full IRI, and skip a duty on another target', () => {
    const peer = {
      'odrl:obligation': [
        {
          'odrl:action': { '@id': 'odrl:delete' },
          'http://www.w3.org/ns/odrl/2/consequence': [{ action: 'http://www.w3.org/ns/odrl/2/inform' }],
          constraint: { leftOperand: 'odrl:elapsedTime', operator: 'lteq', rightOperand: 'PT1H' },
        },
        { action: 'delete', target: 'urn:other' },
      ],
    };
    expect(deleteDutiesOf(peer)).toEqual(expected);
  });
});
