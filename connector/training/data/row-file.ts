import { closeSync, openSync, writeSync } from 'node:fs';

/**
 * Encoded rows kept in a private binary file instead of memory (a large file of own data, see own-matrix.ts): row i
 * at byte 4·(width + 1)·i, its `width` features as float32 then its class index as int32 (little-endian, the
 * platform's order: the file never leaves the process that wrote it). Readers read blocks of `blockRows` rows with
 * positional reads (row-file-reader.ts). The descriptor is plain data, so it crosses to the training worker as is;
 * `scaling` (set per plan) is applied to each feature as it is read, in float64 then rounded to float32, exactly as
 * scaleMatrixInPlace does, so a row reads back as the in-memory matrix would hold it.
 */
export interface RowFile {
  kind: 'row-file';
  path: string;
  count: number;
  width: number;
  blockRows: number;
  /** Per column mean and (population) variance of the unscaled features, computed as the rows were written. */
  moments: { mean: number[]; variance: number[] };
  scaling?: { mean: readonly number[]; std: readonly number[] };
}

/** Rows per block of a row file: reads (and the shuffle) work block by block. */
export const ROW_FILE_BLOCK_ROWS = 4096;

export function isRowFile(rows: unknown): rows is RowFile {
  return typeof rows === 'object' && rows !== null && (rows as RowFile).kind === 'row-file';
}

/** Bytes one row takes in a row file of `width` features. */
export const rowBytes = (width: number): number => 4 * (width + 1);

/**
 * Writes encoded rows to a new file (created exclusively, mode 0600), a block at a time through one bounded buffer,
 * and accumulates the features' moments on the way (shifted by the first row, float64, so that the variance does not
 * cancel out). `finish` flushes and closes; `abort` closes (the caller removes the file).
 */
export class RowFileWriter {
  private readonly fd: number;
  private readonly buffer: Buffer;
  private readonly floats: Float32Array;
  private readonly ints: Int32Array;
  private held = 0;
  private count = 0;
  private readonly shift: Float64Array;
  private readonly sum: Float64Array;
  private readonly squares: Float64Array;

  constructor(
    readonly path: string,
    readonly width: number,
    readonly blockRows = ROW_FILE_BLOCK_ROWS,
  ) {
    this.fd = openSync(path, 'wx', 0o600);
    this.buffer = Buffer.alloc(blockRows * rowBytes(width));
    this.floats = new Float32Array(this.buffer.buffer, this.buffer.byteOffset, this.buffer.length / 4);
    this.ints = new Int32Array(this.buffer.buffer, this.buffer.byteOffset, this.buffer.length / 4);
    this.shift = new Float64Array(width);
    this.sum = new Float64Array(width);
    this.squares = new Float64Array(width);
  }

  get rows(): number {
    return this.count;
  }

  add(x: ArrayLike<number>, y: number): void {
    const at = this.held * (this.width + 1);
    for (let j = 0; j < this.width; j++) this.floats[at + j] = x[j] ?? 0;
    this.ints[at + this.width] = y;
    if (this.count === 0) for (let j = 0; j < this.width; j++) this.shift[j] = this.floats[at + j] ?? 0;
    for (let j = 0; j < this.width; j++) {
      const d = (this.floats[at + j] ?? 0) - (this.shift[j] ?? 0);
      this.sum[j] = (this.sum[j] ?? 0) + d;
      this.squares[j] = (this.squares[j] ?? 0) + d * d;
    }
    this.count++;
    if (++this.held === this.blockRows) this.flush();
  }

  finish(): RowFile {
    this.flush();
    closeSync(this.fd);
    const n = Math.max(1, this.count);
    const mean = Array.from(this.sum, (s, j) => (this.shift[j] ?? 0) + s / n);
    const variance = Array.from(this.squares, (q, j) => Math.max(0, q / n - ((this.sum[j] ?? 0) / n) ** 2));
    return { kind: 'row-file', path: this.path, count: this.count, width: this.width, blockRows: this.blockRows, moments: { mean, variance } };
  }

  abort(): void {
    closeSync(this.fd);
  }

  private flush(): void {
    let done = 0;
    const bytes = this.held * rowBytes(this.width);
    while (done < bytes) done += writeSync(this.fd, this.buffer, done, bytes - done);
    this.held = 0;
  }
}
