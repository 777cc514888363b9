import { numericTrainingFact } from './training-fact.js';

/** `fl:delta lteq δ`: the δ at which the site accounts its ε (`fl:epsilon`); it may account at a smaller δ, never a larger one. */
export const deltaFunction = numericTrainingFact({
  term: 'delta',
  fact: 'delta',
  operators: ['lteq', 'lt', 'eq'],
  integer: false,
  min: 0,
  minInclusive: false,
  maxExclusive: 1,
});
