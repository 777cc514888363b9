import type { TrainingBackend } from '../../training-backend.js';
import type { AggregationPlan } from './aggregation-plan.js';
import { coordinateMedian, krum, trimmedMean } from './robust-aggregators.js';

/** Combines a round's accepted (already norm-bounded) updates with the plan's strategy; FedAvg when the plan names none. */
export function aggregateUpdates(
  aggregation: AggregationPlan | undefined,
  updates: readonly { params: readonly number[]; sampleCount: number }[],
  backend: Pick<TrainingBackend, 'aggregate'>,
): number[] {
  const params = updates.map((u) => u.params);
  switch (aggregation?.strategy ?? 'fedavg') {
    case 'median':
      return coordinateMedian(params);
    case 'trimmed-mean':
      return trimmedMean(params, aggregation?.trim ?? 1);
    case 'krum':
      return krum(params, aggregation?.byzantine ?? 1);
    default:
      return backend.aggregate(updates);
  }
}
