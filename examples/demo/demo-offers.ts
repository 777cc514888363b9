import type { TrainingPlan } from '../../connector/training/training-plan.js';
import type { DemoNode } from './demo-data-space.js';
import { PENGUINS, type DataSet } from '../../connector/training/backend/data-sets.js';
import { trainingOfferRequests } from '../../connector/dataspace/training-offer.js';

/** The training purpose and contract policy live with `kontor dataspace bootstrap`, which publishes the same offers. */
export { TRAINING_PURPOSE, trainingPolicy } from '../../connector/dataspace/training-offer.js';

/** A site publishes its part of a data set as a training asset (rows never leave), a members-only access policy and the offer. */
export async function publishTrainingOffer(
  site: DemoNode,
  part: string,
  plan: TrainingPlan,
  rounds: number,
  coordinatorDid: string,
  deleteAfter = 'PT1H',
  minSamples = 20,
  ds: DataSet = PENGUINS,
  privacy?: { epsilon: number; delta: number },
): Promise<void> {
  const secureAggregation = plan.secureAggregation ? { threshold: plan.secureAggregation.threshold } : undefined;
  for (const r of trainingOfferRequests({
    part,
    plan,
    rounds,
    coordinatorDid,
    deleteAfter,
    minSamples,
    dataSet: ds,
    ...(privacy ? { privacy } : {}),
    ...(secureAggregation ? { secureAggregation } : {}),
  }))
    await site.api('POST', r.path, r.body);
}
