import { ConnectorError } from '../../../core/index.js';
import { standardization } from '../data/encode-row.js';
import { isOwnDataAddress } from '../data/own-data-address.js';
import { concealValues } from '../data/check-own-data.js';
import { loadOwnRows } from '../data/own-rows.js';
import { assertPlanFitsSchema } from '../data/schema-difference.js';
import type { TrainingPlan } from '../training-plan.js';
import { datasetRows } from './data-sets.js';
import type { Example } from './penguins.js';

type Split = 'train' | 'test';
/** How a site's own rows are loaded (loadOwnRows, or a memo of it: own-rows-memo.ts). */
export type LoadOwnRows = (raw: Record<string, unknown>) => ReturnType<typeof loadOwnRows>;

/**
 * A site's rows for a plan, both splits, before encoding: a data set Kontor ships, or the site's own table (checked
 * against its schema, which the plan must fit). The scaling is the plan's, or (own data, `standardize: per-site`)
 * the site's own training-split statistics.
 */
export async function siteRows(
  plan: TrainingPlan,
  dataset: Record<string, unknown>,
  load: LoadOwnRows = loadOwnRows,
): Promise<{ rows: Record<Split, Example[]>; scaling: { mean: number[]; std: number[] } }> {
  if (!isOwnDataAddress(dataset)) return { rows: { train: datasetRows(dataset, 'train'), test: datasetRows(dataset, 'test') }, scaling: plan.scaling };
  const own = await load(dataset).catch((error: unknown) => Promise.reject(concealValues(error)));
  assertPlanFitsSchema(plan, own.schema);
  if (plan.standardize === 'federated' && plan.scaling.mean.length !== plan.features.length) {
    throw new ConnectorError('VALIDATION_FAILED', { detail: 'the plan standardizes federatedly, but the round brought no pooled scaling for its features' });
  }
  const scaling = plan.standardize === 'per-site' && plan.scaling.mean.length === 0 ? standardization(own.schema, own.train) : plan.scaling;
  return { rows: { train: own.train, test: own.test }, scaling };
}

/** A site's training rows before any scaling (for its feature statistics). */
export async function rawTrainRows(plan: TrainingPlan, dataset: Record<string, unknown>, load: LoadOwnRows = loadOwnRows): Promise<Example[]> {
  if (!isOwnDataAddress(dataset)) return datasetRows(dataset, 'train');
  const own = await load(dataset).catch((error: unknown) => Promise.reject(concealValues(error)));
  assertPlanFitsSchema(plan, own.schema);
  return own.train;
}

/** Per column mean and (population) variance of rows. */
export function moments(rows: readonly Example[], width: number): { mean: number[]; variance: number[] } {
  const n = Math.max(1, rows.length);
  const mean = Array.from({ length: width }, (_, j) => rows.reduce((s, r) => s + (r.x[j] ?? 0), 0) / n);
  return { mean, variance: mean.map((m, j) => rows.reduce((s, r) => s + ((r.x[j] ?? 0) - m) ** 2, 0) / n) };
}
