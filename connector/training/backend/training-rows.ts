import { scanRowFile } from '../data/row-file-reader.js';
import { isRowFile, type RowFile } from '../data/row-file.js';
import { isRowMatrix, rowFeatures, rowSlot, type RowMatrix } from '../data/row-matrix.js';

/** One encoded row: scaled features and the class index. */
export interface EncodedRow {
  x: ArrayLike<number>;
  y: number;
}

/**
 * Encoded rows a job trains or evaluates on: row objects (the shipped data sets), a compact matrix (own data), or a
 * row file (own data above the in-memory limit: read in blocks, never held whole).
 */
export type TrainingRows = readonly EncodedRow[] | RowMatrix | RowFile;

/** Rows held in memory (random access by index). */
export type MemoryRows = readonly EncodedRow[] | RowMatrix;

export function rowCount(rows: TrainingRows): number {
  return isRowMatrix(rows) || isRowFile(rows) ? rows.count : rows.length;
}

/** Every row in order (a row file: streamed a block at a time; the row's features are a view, valid during the call only). */
export function forEachRow(rows: TrainingRows, visit: (x: ArrayLike<number>, y: number) => void): void {
  if (isRowFile(rows)) {
    const width = rows.width;
    scanRowFile(rows, (batch) => {
      for (let r = 0; r < batch.length; r++) visit(batch.x.subarray(r * width, (r + 1) * width), batch.y[r] ?? -1);
    });
    return;
  }
  const n = rowCount(rows);
  for (let i = 0; i < n; i++) {
    const { x, y } = rowAt(rows, i);
    visit(x, y);
  }
}

/** Row i of rows held in memory (of a matrix: a view of its features, nothing copied). */
export function rowAt(rows: MemoryRows, i: number): EncodedRow {
  if (!isRowMatrix(rows)) return rows[i] as EncodedRow;
  const { chunk, at } = rowSlot(rows, i);
  return { x: rowFeatures(rows, i), y: chunk.y[at] ?? -1 };
}

/** The rows at `indices`, in their order (one batch). */
export function rowsAt(rows: MemoryRows, indices: ArrayLike<number>): EncodedRow[] {
  return Array.from(indices, (i) => rowAt(rows, i));
}

/** 0 … n−1 as a compact index array (shuffled in place for each epoch). */
export function rowOrder(rows: MemoryRows): Uint32Array {
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
