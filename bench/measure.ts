import { performance } from 'node:perf_hooks';

export interface Sample {
  name: string;
  /** Milliseconds per operation, one entry per timed run. */
  msPerOp: number[];
  median: number;
  p95: number;
  opsPerSecond: number;
}

/** Runs `op` for `warmupMs`, then `runs` timed runs of at least `runMs` each; reports per-op medians. */
export async function measure(name: string, op: () => Promise<unknown> | unknown, options: { warmupMs?: number; runMs?: number; runs?: number } = {}): Promise<Sample> {
  const { warmupMs = 300, runMs = 500, runs = 7 } = options;
  const until = performance.now() + warmupMs;
  while (performance.now() < until) await op();
  const msPerOp: number[] = [];
  for (let r = 0; r < runs; r++) {
    let n = 0;
    const start = performance.now();
    while (performance.now() - start < runMs) {
      await op();
      n++;
    }
    msPerOp.push((performance.now() - start) / n);
  }
  const sorted = [...msPerOp].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] ?? NaN;
  const p95 = sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))] ?? NaN;
  return { name, msPerOp, median, p95, opsPerSecond: 1000 / median };
}

/** Times `count` single calls and returns their latencies in ms (for per-request medians). */
export async function latencies(count: number, op: (i: number) => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    await op(i);
    out.push(performance.now() - start);
  }
  return out;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

/** Prints the figures and their ratios against the baseline measured in the same run. */
export function report(title: string, rows: { label: string; value: number; unit: string }[], ratio: { label: string; value: number } | { label: string; value: number }[]): void {
  console.log(`\n## ${title}`);
  for (const r of rows) console.log(`${r.label.padEnd(48)} ${r.value.toFixed(r.value < 10 ? 3 : 1).padStart(12)} ${r.unit}`);
  for (const r of Array.isArray(ratio) ? ratio : [ratio]) console.log(`${r.label.padEnd(48)} ${r.value.toFixed(2).padStart(12)} ×`);
}
