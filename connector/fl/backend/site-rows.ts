import { standardization } from '../data/encode-row.js';
import { isOwnDataAddress } from '../data/own-data-address.js';
import { loadOwnRows } from '../data/own-rows.js';
import { assertPlanFitsSchema } from '../data/schema-difference.js';
import type { TrainingPlan } from '../training-plan.js';
import { datasetRows } from './data-sets.js';
import type { Example } from './penguins.js';

type Split = 'train' | 'test';

/**
 * A site's rows for a plan, both splits, before encoding: a data set Kontor ships, or the site's own table (checked
 * against its schema, which the plan must fit). The scaling is the plan's, or (own data, `standardize: per-site`)
 * the site's own training-split statistics.
 */
export async function siteRows(plan: TrainingPlan, dataset: Record<string, unknown>): Promise<{ rows: Record<Split, Example[]>; scaling: { mean: number[]; std: number[] } }> {
  if (!isOwnDataAddress(dataset)) return { rows: { train: datasetRows(dataset, 'train'), test: datasetRows(dataset, 'test') }, scaling: plan.scaling };
  const own = await loadOwnRows(dataset);
  assertPlanFitsSchema(plan, own.schema);
  const scaling = plan.standardize === 'per-site' && plan.scaling.mean.length === 0 ? standardization(own.schema, own.train) : plan.scaling;
  return { rows: { train: own.train, test: own.test }, scaling };
}
