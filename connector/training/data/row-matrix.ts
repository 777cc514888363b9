/**
 * Encoded rows held compactly: the features of row i at `x[i·width … (i+1)·width)` (float32), its label as a class
 * index in `y`. 4·(width + 1) bytes a row, no object per row; both arrays live in SharedArrayBuffers, so a worker
 * thread that is handed them reads the same memory (nothing is copied per round).
 */
export interface RowMatrix {
  count: number;
  width: number;
  x: Float32Array;
  y: Int32Array;
}

/** Whether rows are a matrix (else an array of row objects). */
export function isRowMatrix(rows: unknown): rows is RowMatrix {
  return !Array.isArray(rows) && typeof rows === 'object' && rows !== null && (rows as RowMatrix).x instanceof Float32Array;
}

/**
 * Collects rows of a fixed width into chunks of `chunkRows` rows (no doubling, no row objects), then `finish` packs
 * them into one matrix of exactly the rows added. Before `finish` it never holds room for more than the rows added
 * plus one chunk.
 */
export class RowMatrixBuilder {
  private readonly chunks: { x: Float32Array; y: Int32Array }[] = [];
  private count = 0;

  constructor(
    readonly width: number,
    readonly chunkRows = 65_536,
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
    if (at === 0) this.chunks.push({ x: new Float32Array(this.chunkRows * this.width), y: new Int32Array(this.chunkRows) });
    const chunk = this.chunks[this.chunks.length - 1] as { x: Float32Array; y: Int32Array };
    for (let j = 0; j < this.width; j++) chunk.x[at * this.width + j] = x[j] ?? 0;
    chunk.y[at] = y;
    this.count++;
  }

  /** The rows as one matrix (shared memory); each chunk is let go as soon as it is copied. */
  finish(): RowMatrix {
    const { width, count } = this;
    const x = new Float32Array(new SharedArrayBuffer(count * width * 4));
    const y = new Int32Array(new SharedArrayBuffer(count * 4));
    for (let c = 0; c < this.chunks.length; c++) {
      const chunk = this.chunks[c] as { x: Float32Array; y: Int32Array };
      const rows = Math.min(this.chunkRows, count - c * this.chunkRows);
      x.set(chunk.x.subarray(0, rows * width), c * this.chunkRows * width);
      y.set(chunk.y.subarray(0, rows), c * this.chunkRows);
      this.chunks[c] = { x: new Float32Array(0), y: new Int32Array(0) };
    }
    this.chunks.length = 0;
    this.count = 0;
    return { count, width, x, y };
  }
}

/** Per column mean and (population) variance of a matrix's features, in two passes (double accumulators). */
export function matrixMoments(m: RowMatrix): { mean: number[]; variance: number[] } {
  const n = Math.max(1, m.count);
  const sum = new Float64Array(m.width);
  for (let i = 0; i < m.count; i++) for (let j = 0; j < m.width; j++) sum[j] = (sum[j] ?? 0) + (m.x[i * m.width + j] ?? 0);
  const mean = Array.from(sum, (s) => s / n);
  const squares = new Float64Array(m.width);
  for (let i = 0; i < m.count; i++) for (let j = 0; j < m.width; j++) squares[j] = (squares[j] ?? 0) + ((m.x[i * m.width + j] ?? 0) - (mean[j] ?? 0)) ** 2;
  return { mean, variance: Array.from(squares, (s) => s / n) };
}

/**
 * Scales a matrix in place for a plan: each feature (v − mean) / std, each label mapped through `labelMap` (old
 * index → new; a row whose label maps to −1 is dropped, the rest moved up). Returns the matrix (count updated).
 */
export function scaleMatrixInPlace(m: RowMatrix, scaling: { mean: readonly number[]; std: readonly number[] }, labelMap: readonly number[]): RowMatrix {
  let kept = 0;
  for (let i = 0; i < m.count; i++) {
    const label = labelMap[m.y[i] ?? -1] ?? -1;
    if (label < 0) continue;
    for (let j = 0; j < m.width; j++) m.x[kept * m.width + j] = ((m.x[i * m.width + j] ?? 0) - (scaling.mean[j] ?? 0)) / (scaling.std[j] ?? 1);
    m.y[kept] = label;
    kept++;
  }
  return { count: kept, width: m.width, x: m.x.subarray(0, kept * m.width), y: m.y.subarray(0, kept) };
}
