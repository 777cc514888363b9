/** One block of a matrix: `chunkRows` rows' features (float32, row-major) and labels, in shared memory. */
export interface RowChunk {
  x: Float32Array;
  y: Int32Array;
}

/**
 * Encoded rows held compactly: row i lives in chunk ⌊i / chunkRows⌋, its features at `x[k·width … (k+1)·width)`
 * (k = i mod chunkRows, float32), its label as a class index at `y[k]`. 4·(width + 1) bytes a row, no object per
 * row, no copy to grow or pack it; the chunks are SharedArrayBuffers, so a worker thread handed the matrix reads the
 * same memory (nothing is copied per round).
 */
export interface RowMatrix {
  count: number;
  width: number;
  chunkRows: number;
  chunks: RowChunk[];
}

/** Whether rows are a matrix (else an array of row objects). */
export function isRowMatrix(rows: unknown): rows is RowMatrix {
  return !Array.isArray(rows) && typeof rows === 'object' && rows !== null && Array.isArray((rows as RowMatrix).chunks);
}

/** Where row i lives: its chunk and its position in it. */
export function rowSlot(m: RowMatrix, i: number): { chunk: RowChunk; at: number } {
  return { chunk: m.chunks[Math.floor(i / m.chunkRows)] as RowChunk, at: i % m.chunkRows };
}

/** Row i's features (a view, nothing copied). */
export function rowFeatures(m: RowMatrix, i: number): Float32Array {
  const { chunk, at } = rowSlot(m, i);
  return chunk.x.subarray(at * m.width, (at + 1) * m.width);
}

/** Rows per chunk for a width: chunks of about 4 MiB of features (between 256 and 65,536 rows), so that a wide schema over a small file does not allocate much. */
export function chunkRowsFor(width: number): number {
  return Math.min(65_536, Math.max(256, Math.floor((4 << 20) / (4 * Math.max(1, width)))));
}

/**
 * Collects rows of a fixed width, a chunk of `chunkRows` rows at a time (no doubling, no row objects): it never
 * holds room for more than the rows added plus one chunk. `finish` hands the chunks over as a matrix.
 */
export class RowMatrixBuilder {
  private chunks: RowChunk[] = [];
  private count = 0;

  constructor(
    readonly width: number,
    readonly chunkRows = chunkRowsFor(width),
  ) {}

  get rows(): number {
    return this.count;
  }

  /** Rows the builder has room for (allocated). */
  get capacity(): number {
    return this.chunks.length * this.chunkRows;
  }

  add(x: ArrayLike<number>, y: number): void {
    const at = this.count % this.chunkRows;
    if (at === 0) this.chunks.push({ x: new Float32Array(new SharedArrayBuffer(this.chunkRows * this.width * 4)), y: new Int32Array(new SharedArrayBuffer(this.chunkRows * 4)) });
    const chunk = this.chunks[this.chunks.length - 1] as RowChunk;
    for (let j = 0; j < this.width; j++) chunk.x[at * this.width + j] = x[j] ?? 0;
    chunk.y[at] = y;
    this.count++;
  }

  finish(): RowMatrix {
    const matrix = { count: this.count, width: this.width, chunkRows: this.chunkRows, chunks: this.chunks };
    this.chunks = [];
    this.count = 0;
    return matrix;
  }
}

/** Per column mean and (population) variance of a matrix's features, in two passes (double accumulators). */
export function matrixMoments(m: RowMatrix): { mean: number[]; variance: number[] } {
  const n = Math.max(1, m.count);
  const sum = new Float64Array(m.width);
  for (let i = 0; i < m.count; i++) {
    const x = rowFeatures(m, i);
    for (let j = 0; j < m.width; j++) sum[j] = (sum[j] ?? 0) + (x[j] ?? 0);
  }
  const mean = Array.from(sum, (s) => s / n);
  const squares = new Float64Array(m.width);
  for (let i = 0; i < m.count; i++) {
    const x = rowFeatures(m, i);
    for (let j = 0; j < m.width; j++) squares[j] = (squares[j] ?? 0) + ((x[j] ?? 0) - (mean[j] ?? 0)) ** 2;
  }
  return { mean, variance: Array.from(squares, (s) => s / n) };
}

/**
 * Scales a matrix in place for a plan: each feature (v − mean) / std, each label mapped through `labelMap` (old
 * index → new; a row whose label maps to −1 is dropped, the rest moved up). Returns the matrix (count updated).
 */
export function scaleMatrixInPlace(m: RowMatrix, scaling: { mean: readonly number[]; std: readonly number[] }, labelMap: readonly number[]): RowMatrix {
  let kept = 0;
  for (let i = 0; i < m.count; i++) {
    const from = rowSlot(m, i);
    const label = labelMap[from.chunk.y[from.at] ?? -1] ?? -1;
    if (label < 0) continue;
    const to = rowSlot(m, kept);
    for (let j = 0; j < m.width; j++) {
      const v = from.chunk.x[from.at * m.width + j] ?? 0;
      to.chunk.x[to.at * m.width + j] = (v - (scaling.mean[j] ?? 0)) / (scaling.std[j] ?? 1);
    }
    to.chunk.y[to.at] = label;
    kept++;
  }
  return { ...m, count: kept, chunks: m.chunks.slice(0, Math.ceil(kept / m.chunkRows)) };
}
