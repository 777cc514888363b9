import { emptyBatch, RowFileReader } from '../data/row-file-reader.js';
import { isRowFile } from '../data/row-file.js';
import { rowAt, type EncodedRow, type TrainingRows } from './training-rows.js';

/**
 * Row i by index, for a consumer that walks the rows in order (evaluation): rows in memory directly; a row file one
 * block at a time (the block that holds i is read when i leaves the current one), so nothing grows with the file. The
 * row a row file returns is a view that the next block read overwrites. `close` releases the file.
 */
export function rowCursor(rows: TrainingRows): { at(i: number): EncodedRow; close(): void } {
  if (!isRowFile(rows)) {
    const memory = rows;
    return { at: (i) => rowAt(memory, i), close: () => undefined };
  }
  const reader = new RowFileReader(rows);
  const block = emptyBatch(rows.blockRows, rows.width);
  let first = -1;
  return {
    at(i) {
      if (i < 0 || i >= rows.count) throw new RangeError(`row ${i} is out of range`);
      if (first < 0 || i < first || i >= first + block.length) {
        first = i - (i % rows.blockRows);
        block.length = 0;
        reader.readRange(first, Math.min(rows.blockRows, rows.count - first), block);
      }
      const r = i - first;
      return { x: block.x.subarray(r * rows.width, (r + 1) * rows.width), y: block.y[r] ?? -1 };
    },
    close: () => reader.close(),
  };
}
