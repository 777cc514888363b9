import { describe, expect, it } from 'vitest';
import { buildModelCard } from './model-card.js';

const card = (model: unknown, secureAggregation: boolean) =>
  buildModelCard(
    {
      trainingId: 't1',
      credential: {
        id: 'urn:uuid:c1',
        credentialSubject: { modelHash: 'h', modelSpec: { model, scaling: { mean: [], std: [] } }, privacyMeasures: { secureAggregation, epsilonSpent: null }, participants: [] },
      },
      attestations: [],
      refusals: [],
    },
    [],
  );
const limits = (c: ReturnType<typeof buildModelCard>) => JSON.stringify(c.sections.map((s) => s.content.knownLimits ?? null));

describe('the model card', () => {
  it.each([
    ['softmax-regression', false, /softmax regression: a linear model/, /no secure aggregation/],
    [{ type: 'mlp', hidden: [64, 64] }, true, /multi-layer perceptron \(hidden layers of 64, 64 units\)/, /secure aggregation: the coordinator saw only the sum/],
    [{ type: 'mlp', hidden: [] }, false, /softmax regression/, /no secure aggregation/],
  ])('should name the limits of the model it describes (%j, secure aggregation %s)', (model, secureAggregation, kind, masking) => {
    const text = limits(card(model, secureAggregation));
    expect(text).toMatch(kind);
    expect(text).toMatch(masking);
  });
});
