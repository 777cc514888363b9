import { numericTrainingFact } from './training-fact.js';

/** `fl:noiseMultiplier gteq σ`: the site's DP noise must be at least the agreed minimum σ. */
export const noiseMultiplierFunction = numericTrainingFact({
  term: 'noiseMultiplier',
  fact: 'noiseMultiplier',
  operators: ['gteq', 'gt', 'eq'],
  integer: false,
  min: 0,
  minInclusive: true,
});
