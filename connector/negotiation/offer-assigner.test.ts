import { describe, expect, it } from 'vitest';
import { checkOfferAssigner } from './offer-assigner.js';

const P = 'did:web:provider.example';
const problem = (offer: Record<string, unknown>) => {
  try {
    checkOfferAssigner(offer, P);
    return undefined;
  } catch (error) {
    return (error as { violations?: { pointer: string; message: string }[] }).violations;
  }
};

describe('checkOfferAssigner', () => {
  it('should take an offer without an assigner, or naming the counterparty as a string or @id', () => {
    for (const offer of [{}, { assigner: P }, { assigner: { '@id': P } }]) expect(problem(offer)).toBeUndefined();
  });

  it('should refuse another party or a malformed assigner, naming /offer/assigner', () => {
    expect(problem({ assigner: 'did:web:other.example' })).toEqual([
      { pointer: '/offer/assigner', message: `is 'did:web:other.example', not the counterparty '${P}' the request goes to` },
    ]);
    for (const assigner of [5, null, [P], { id: P }]) expect(problem({ assigner })?.[0]?.pointer).toBe('/offer/assigner');
  });
});
