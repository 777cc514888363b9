import { numericTrainingFact } from './training-fact.js';

/** `fl:localEpochs lteq E`: the site trains at most E local epochs per round. */
export const localEpochsFunction = numericTrainingFact({
  term: 'localEpochs',
  fact: 'localEpochs',
  operators: ['lteq', 'lt', 'eq'],
  integer: true,
  min: 1,
  minInclusive: true,
});
