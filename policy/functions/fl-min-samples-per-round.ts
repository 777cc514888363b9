import { numericTrainingFact } from './training-fact.js';

/** `fl:minSamplesPerRound gteq n_min`: the site uses at least n_min samples (n_k) in a round. */
export const minSamplesPerRoundFunction = numericTrainingFact({
  term: 'minSamplesPerRound',
  fact: 'sampleCount',
  operators: ['gteq', 'gt', 'eq'],
  integer: true,
  min: 1,
  minInclusive: true,
});
