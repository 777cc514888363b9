import { isRowMatrix, rowFeatures, rowSlot, type RowMatrix } from '../data/row-matrix.js';

/** One encoded row: scaled features and the class index. */
export interface EncodedRow {
  x: ArrayLike<number>;
  y: number;
}

/** Encoded rows a job trains or evaluates on: row objects (the shipped data sets), or a compact matrix (own data). */
export type TrainingRows = readonly EncodedRow[] | RowMatrix;

export function rowCount(rows: TrainingRows): number {
  return isRowMatrix(rows) ? rows.count : rows.length;
}

/** Row i (of a matrix: a view of its features, nothing copied). */
export function rowAt(rows: TrainingRows, i: number): EncodedRow {
  if (!isRowMatrix(rows)) return rows[i] as EncodedRow;
  const { chunk, at } = rowSlot(rows, i);
  return { x: rowFeatures(rows, i), y: chunk.y[at] ?? -1 };
}

/** The rows at `indices`, in their order (one batch). */
export function rowsAt(rows: TrainingRows, indices: ArrayLike<number>): EncodedRow[] {
  return Array.from(indices, (i) => rowAt(rows, i));
}

/** 0 … n−1 as a compact index array (shuffled in place for each epoch). */
export function rowOrder(rows: TrainingRows): Uint32Array {
  const order = new Uint32Array(rowCount(rows));
  for (let i = 0; i < order.length; i++) order[i] = i;
  return order;
}

/** Fisher–Yates shuffle of `order` in place with `random` (the same draws as an array shuffle). */
export function shuffleInPlace(order: Uint32Array, random: () => number): void {
  for (let i = order.length - 1; i > 0; i--) {
    const k = Math.floor(random() * (i + 1));
    const t = order[i] as number;
    order[i] = order[k] as number;
    order[k] = t;
  }
}
