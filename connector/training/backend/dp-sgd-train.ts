import { dpSgdSchedule } from '../privacy/dp-sgd-schedule.js';
import type { LocalTrainingJob } from './local-train.js';
import { gaussian } from './seeded-random.js';
import { secureRandom } from './secure-random.js';
import { evaluate, gradient } from './softmax-regression.js';
import { emptyBatch, RowFileReader } from '../data/row-file-reader.js';
import { isRowFile } from '../data/row-file.js';
import { poissonSample } from '../data/poisson-sample.js';
import { batchRows } from './epoch-batches.js';
import { rowAt, rowCount, type EncodedRow, type MemoryRows } from './training-rows.js';

/**
 * Local training under a differential-privacy budget (DP-SGD, Abadi et al. 2016, as Opacus runs it): each step
 * samples every row with probability q (Poisson), clips each sampled row's gradient to L2 norm `clipNorm` C, adds
 * N(0, (σ·C)²) per coordinate to their sum and divides by the expected batch size q·n. The site's RDP accountant
 * charges the round's steps at q and σ (dpSgdSchedule). The update that leaves is the result as is: anything done
 * to it afterwards is post-processing and spends nothing. Rows in memory draw one Bernoulli(q) per row; a row file
 * draws the same distribution by geometric skips (poisson-sample.ts) and reads only the sampled rows.
 * Both the sampling and the noise come from `random`, by default the CSPRNG (secure-random.ts), never from the plan's
 * seed: the accountant's ε holds only while the noise and the batches are secret to the coordinator. Tests inject a
 * seeded source to reproduce a run.
 */
export function trainDpSgd(job: LocalTrainingJob, random: () => number = secureRandom()): { params: number[]; metrics: { loss: number; accuracy: number }; updateNorm: number } {
  const params = [...job.global];
  const n = rowCount(job.rows);
  const { samplingRate: q, steps } = dpSgdSchedule(n, job.batchSize, job.localEpochs);
  const sigma = job.noiseMultiplier * job.clipNorm;
  const expected = Math.max(1, q * n);
  const sampled = sampler(job.rows, n, q, random);
  try {
    for (let step = 0; step < steps; step++) {
      const sum = new Array<number>(params.length).fill(0);
      for (const row of sampled.next()) {
        const g = gradient(params, job.shape, [row]);
        const norm = Math.sqrt(g.reduce((s, v) => s + v * v, 0));
        const scale = job.clipNorm > 0 && norm > job.clipNorm ? job.clipNorm / norm : 1;
        for (let p = 0; p < params.length; p++) sum[p] = (sum[p] ?? 0) + (g[p] ?? 0) * scale;
      }
      for (let p = 0; p < params.length; p++) {
        const noisy = (sum[p] ?? 0) + (sigma > 0 ? sigma * gaussian(random) : 0);
        params[p] = (params[p] ?? 0) - (job.learningRate * noisy) / expected;
      }
    }
  } finally {
    sampled.close();
  }
  const updateNorm = Math.sqrt(params.reduce((s, v, p) => s + (v - (job.global[p] ?? 0)) ** 2, 0));
  return { params, metrics: evaluate(params, job.shape, job.rows), updateNorm };
}

/** Each step's Poisson sample of the rows (in memory: a Bernoulli draw per row, in row order; a row file: geometric skips, then positional reads). */
function sampler(rows: LocalTrainingJob['rows'], n: number, q: number, random: () => number): { next(): Iterable<EncodedRow>; close(): void } {
  if (isRowFile(rows)) {
    const reader = new RowFileReader(rows);
    const sample = { indices: new Uint32Array(64), length: 0 };
    let batch = emptyBatch(64, rows.width);
    return {
      next() {
        poissonSample(n, q, random, sample);
        if (batch.y.length < sample.length) batch = emptyBatch(sample.indices.length, rows.width);
        batch.length = 0;
        reader.readRows(sample.indices.subarray(0, sample.length), batch);
        return batchRows(batch, rows.width);
      },
      close: () => reader.close(),
    };
  }
  const memory: MemoryRows = rows;
  function* next(): Generator<EncodedRow> {
    for (let i = 0; i < n; i++) if (random() < q) yield rowAt(memory, i);
  }
  return { next, close: () => undefined };
}
