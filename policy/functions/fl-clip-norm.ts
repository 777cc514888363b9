import { numericTrainingFact } from './training-fact.js';

/** `fl:clipNorm lteq C`: the site's clip norm must not exceed the agreed maximum C (only capping is allowed). */
export const clipNormFunction = numericTrainingFact({
  term: 'clipNorm',
  fact: 'clipNorm',
  operators: ['lteq', 'lt', 'eq'],
  integer: false,
  min: 0,
  minInclusive: false,
});
