import { readCell, readLabel } from './cell-values.js';
import { isRowFile, type RowFile } from './row-file.js';
import { matrixMoments, type RowMatrix } from './row-matrix.js';
import type { TrainingSchema } from './training-schema.js';

/**
 * One checked row as the model reads it (pure): numeric features as they are, booleans 1/0, a categorical feature
 * one-hot over its declared categories, in the order of `encodedFeatureNames`. A missing value is imputed from
 * `fill` (mean or mode) under the `impute` rule; under `drop`, or without a label, the row is left out (undefined).
 */
export function encodeRow(schema: TrainingSchema, fill: Record<string, number | string>, row: Record<string, unknown>): { x: number[]; label: string } | undefined {
  const x: number[] = [];
  const label = encodeRowInto(schema, fill, row, x);
  return label === undefined ? undefined : { x, label };
}

/**
 * The same encoding written into `target` from index 0 (an array or a typed array of the encoded width, reused row
 * after row); returns the label, or undefined for a row left out (then `target` holds no meaning).
 */
export function encodeRowInto(schema: TrainingSchema, fill: Record<string, number | string>, row: Record<string, unknown>, target: { [j: number]: number }): string | undefined {
  const label = readLabel(schema.label.classes, row[schema.label.name]);
  if (!('ok' in label)) return undefined;
  let j = 0;
  for (const f of schema.features) {
    const cell = readCell(f, row[f.name]);
    if ('invalid' in cell || ('missing' in cell && schema.missingValues.rule === 'drop')) return undefined;
    const value = 'ok' in cell ? cell.ok : fill[f.name];
    if (f.type === 'categorical') for (const c of f.categories) target[j++] = c === value ? 1 : 0;
    else target[j++] = Number(value ?? 0);
  }
  return String(label.ok);
}

/** Mean and standard deviation of each numeric input column (others: 0 and 1, left as they are). */
export function standardization(schema: TrainingSchema, rows: readonly { x: number[] }[]): { mean: number[]; std: number[] } {
  const numeric = schema.features.flatMap((f) => (f.type === 'categorical' ? f.categories.map(() => false) : [f.type === 'numeric']));
  const n = Math.max(1, rows.length);
  const mean = numeric.map((isNumeric, j) => (isNumeric ? rows.reduce((s, r) => s + (r.x[j] ?? 0), 0) / n : 0));
  const std = numeric.map((isNumeric, j) => (isNumeric ? Math.sqrt(rows.reduce((s, r) => s + ((r.x[j] ?? 0) - (mean[j] ?? 0)) ** 2, 0) / n) || 1 : 1));
  return { mean, std };
}

/** The same standardization over a compact matrix of encoded rows. */
export function matrixStandardization(schema: TrainingSchema, rows: RowMatrix | RowFile): { mean: number[]; std: number[] } {
  const numeric = schema.features.flatMap((f) => (f.type === 'categorical' ? f.categories.map(() => false) : [f.type === 'numeric']));
  const { mean, variance } = isRowFile(rows) ? rows.moments : matrixMoments(rows);
  return { mean: numeric.map((isNumeric, j) => (isNumeric ? (mean[j] ?? 0) : 0)), std: numeric.map((isNumeric, j) => (isNumeric ? Math.sqrt(variance[j] ?? 0) || 1 : 1)) };
}
