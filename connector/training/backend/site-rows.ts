import { ConnectorError } from '../../../core/index.js';
import { matrixStandardization } from '../data/encode-row.js';
import { isOwnDataAddress } from '../data/own-data-address.js';
import { concealValues } from '../data/check-own-data.js';
import type { loadOwnMatrix } from '../data/own-matrix.js';
import { isRowFile, type RowFile } from '../data/row-file.js';
import { isRowMatrix, matrixMoments, scaleMatrixInPlace, type RowMatrix } from '../data/row-matrix.js';
import { assertPlanFitsSchema } from '../data/schema-difference.js';
import type { TrainingPlan } from '../training-plan.js';
import { datasetRows } from './data-sets.js';
import type { Example } from './penguins.js';
import { encode } from './softmax-regression.js';
import type { TrainingRows } from './training-rows.js';

type Split = 'train' | 'test';
/**
 * How a site's own rows are loaded (loadOwnMatrix through the confined opener, or the memo's `take`: own-rows-memo.ts). The rows it returns are
 * the caller's alone: siteRows scales them in place.
 */
export type LoadOwnMatrix = (raw: Record<string, unknown>) => ReturnType<typeof loadOwnMatrix>;

/**
 * A site's rows for a plan, both splits, encoded and scaled: a data set Kontor ships (row objects), or the site's own
 * table (a compact matrix, checked against its schema, which the plan must fit). The scaling is the plan's, or (own
 * data, `standardize: per-site`) the site's own training-split statistics.
 */
export async function siteRows(plan: TrainingPlan, dataset: Record<string, unknown>, load: LoadOwnMatrix): Promise<Record<Split, TrainingRows>> {
  if (!isOwnDataAddress(dataset)) {
    return { train: encode(datasetRows(dataset, 'train'), plan.classes, plan.scaling), test: encode(datasetRows(dataset, 'test'), plan.classes, plan.scaling) };
  }
  const own = await load(dataset).catch((error: unknown) => Promise.reject(concealValues(error)));
  assertPlanFitsSchema(plan, own.schema);
  if (plan.standardize === 'federated' && plan.scaling.mean.length !== plan.features.length) {
    throw new ConnectorError('VALIDATION_FAILED', { detail: 'the plan standardizes federatedly, but the round brought no pooled scaling for its features' });
  }
  const scaling = plan.standardize === 'per-site' && plan.scaling.mean.length === 0 ? matrixStandardization(own.schema, own.train) : plan.scaling;
  const labels = own.schema.label.classes.map((c) => plan.classes.indexOf(c));
  return { train: scaled(own.train, scaling, labels), test: scaled(own.test, scaling, labels) };
}

/**
 * Rows under a plan's scaling and classes: a matrix is scaled in place; a row file gets the scaling to apply as it is
 * read (the plan fits the schema, so its classes are the schema's, in order: a row file's labels stay as they are).
 */
function scaled(rows: RowMatrix | RowFile, scaling: { mean: readonly number[]; std: readonly number[] }, labels: readonly number[]): RowMatrix | RowFile {
  if (!isRowFile(rows)) return scaleMatrixInPlace(rows, scaling, labels);
  if (labels.some((l, i) => l !== i)) throw new ConnectorError('TRAINING_SCHEMA_MISMATCH', { detail: "the plan's classes are not this site's classes in their order" });
  return { ...rows, scaling: { mean: [...scaling.mean], std: [...scaling.std] } };
}

/** A site's training rows before any scaling (for its feature statistics). */
export async function rawTrainRows(plan: TrainingPlan, dataset: Record<string, unknown>, load: LoadOwnMatrix): Promise<readonly Example[] | RowMatrix | RowFile> {
  if (!isOwnDataAddress(dataset)) return datasetRows(dataset, 'train');
  const own = await load(dataset).catch((error: unknown) => Promise.reject(concealValues(error)));
  assertPlanFitsSchema(plan, own.schema);
  return own.train;
}

/** Per column mean and (population) variance of rows. */
export function moments(rows: readonly Example[] | RowMatrix | RowFile, width: number): { mean: number[]; variance: number[] } {
  if (isRowFile(rows)) return rows.moments;
  if (isRowMatrix(rows)) return matrixMoments(rows);
  const n = Math.max(1, rows.length);
  const mean = Array.from({ length: width }, (_, j) => rows.reduce((s, r) => s + (r.x[j] ?? 0), 0) / n);
  return { mean, variance: mean.map((m, j) => rows.reduce((s, r) => s + ((r.x[j] ?? 0) - m) ** 2, 0) / n) };
}
