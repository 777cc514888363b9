import { numericTrainingFact } from './training-fact.js';

/**
 * `fl:epsilon lteq ε`: the differential-privacy budget of the agreement. The site's RDP accountant reports the ε it will
 * have spent under the agreement once the round is served (at the δ of `fl:delta`); a round past the budget is refused.
 */
export const epsilonFunction = numericTrainingFact({
  term: 'epsilon',
  fact: 'epsilon',
  operators: ['lteq', 'lt'],
  integer: false,
  min: 0,
  minInclusive: false,
});
