import { numericTrainingFact } from './training-fact.js';

/**
 * `fl:secureAggregation gteq t`: the round belongs to a plan whose updates are securely aggregated (pairwise masks,
 * connector/training/secagg/) with a dropout-recovery threshold of at least t (t ≥ 2). A plan without secure aggregation
 * reports 0 and is refused; the threshold is in the plan, so it is pinned by `fl:planHash`.
 */
export const secureAggregationFunction = numericTrainingFact({
  term: 'secureAggregation',
  fact: 'secureAggregation',
  operators: ['gteq', 'gt', 'eq'],
  integer: true,
  min: 2,
  minInclusive: true,
});
