import { createHash } from 'node:crypto';
import { ConnectorError } from '../../../core/index.js';
import type { LocalUpdate, TrainingBackend } from '../training-backend.js';
import type { TrainingPlan } from '../training-plan.js';
import type { SoftmaxShape } from './softmax-regression.js';
import { checkModelSpec } from './model-spec.js';
import { scoredMetrics } from './classification-metrics.js';
import { jobSettings, planMath } from './model-math.js';
import { moments, rawTrainRows, siteRows } from './site-rows.js';
import type { TrainingWorkers } from './worker-runner.js';
import { memoizedOwnRows } from '../data/own-rows-memo.js';
import { loadOwnMatrix } from '../data/own-matrix.js';
import { confinedOpener } from '../data/open-own-table.js';
import { isRowFile } from '../data/row-file.js';
import { isRowMatrix } from '../data/row-matrix.js';
import { rowsDir } from '../data/rows-dir.js';
import { rowCursor } from './row-cursor.js';
import { rowCount, type TrainingRows } from './training-rows.js';
import { rmSync } from 'node:fs';

/**
 * Encoded own rows (both splits, 4·(width + 1) bytes a row) up to this size stay in memory (a compact matrix in shared
 * memory: no reads, the fastest); above it they go to private row files and every pass streams them in blocks, so a
 * training round's memory does not grow with the site's table.
 */
export const IN_MEMORY_ROWS_LIMIT_BYTES = 64 << 20;

export interface SoftmaxBackendOptions {
  /** Encoded rows above this many bytes go to row files (default IN_MEMORY_ROWS_LIMIT_BYTES; 0: always). */
  inMemoryLimitBytes?: number;
  /** Where row files go (default: the process's private folder, rows-dir.ts). */
  rowsDir?: () => string;
  /** training.dataRoot: a site's own data is opened only below it (symbolic links followed); without it, not at all. */
  dataRoot?: string | undefined;
}

const shapeOf = (plan: TrainingPlan): SoftmaxShape => ({ features: plan.features.length, classes: plan.classes.length });

/**
 * FedAvg over the plan's model (plain-TypeScript softmax regression, or an MLP on TensorFlow.js), local training in
 * worker threads; the data comes from the site's asset only. A site's own rows are held as a compact float32 matrix
 * in shared memory (own-matrix.ts), which the worker reads without a copy, or, above `inMemoryLimitBytes`, in private
 * row files (row-file.ts) read in blocks; `release` removes a data set's row files when its training transfer ends.
 */
export function softmaxBackend(workers: TrainingWorkers, options: SoftmaxBackendOptions = {}): TrainingBackend {
  const cache = new Map<string, Promise<{ train: TrainingRows; test: TrainingRows }>>();
  /** Row files written per data set (by its address), removed by `release`. */
  const files = new Map<string, Set<string>>();
  const spill = () => ({ aboveBytes: options.inMemoryLimitBytes ?? IN_MEMORY_ROWS_LIMIT_BYTES, dir: (options.rowsDir ?? rowsDir)() });
  const openOwn = confinedOpener(options.dataRoot);
  const ownRows = memoizedOwnRows(async (raw: Record<string, unknown>) => {
    const own = await loadOwnMatrix(raw, openOwn, undefined, spill());
    const paths = [own.train, own.test].flatMap((rows) => (isRowFile(rows) ? [rows.path] : []));
    if (paths.length > 0) {
      const key = JSON.stringify(raw);
      files.set(key, new Set([...(files.get(key) ?? []), ...paths]));
    }
    return own;
  });
  const rowsFor = async (plan: TrainingPlan, dataset: Record<string, unknown>, split: 'train' | 'test') => {
    checkModelSpec(plan.model);
    const key = `${JSON.stringify(dataset)}\u0000${JSON.stringify([plan.features, plan.classes, plan.scaling, plan.standardize, plan.schemaHash])}`;
    let rows = cache.get(key);
    if (!rows) {
      rows = siteRows(plan, dataset, ownRows.take);
      if (cache.size > 32) cache.clear();
      cache.set(key, rows);
      rows.catch(() => cache.delete(key));
    }
    return (await rows)[split];
  };
  return {
    initialParams: (plan) => {
      checkModelSpec(plan.model);
      return planMath(plan).initialParams(plan.seed);
    },
    async trainLocally(job): Promise<LocalUpdate> {
      const rows = await rowsFor(job.plan, job.dataset, 'train');
      const result = await workers.run({
        shape: shapeOf(job.plan),
        rows,
        global: job.global,
        ...jobSettings(job.plan),
        clipNorm: job.clipNorm,
        noiseMultiplier: job.noiseMultiplier,
        seed: job.seed,
        ...(job.dpSgd ? { dpSgd: true } : {}),
      });
      return { params: result.params, sampleCount: rowCount(rows), metrics: result.metrics };
    },
    async evaluateLocally(job) {
      const rows = await rowsFor(job.plan, job.dataset, 'test');
      const math = planMath(job.plan);
      const cursor = rowCursor(rows);
      try {
        const { logLoss, ...rates } = scoredMetrics(
          rowCount(rows),
          (i) => {
            const r = cursor.at(i);
            return { p: math.probabilities(job.global, r.x), y: r.y };
          },
          job.plan.classes.length,
        );
        return { sampleCount: rowCount(rows), ...rates, loss: logLoss };
      } finally {
        cursor.close();
      }
    },
    async statistics({ plan, dataset }) {
      const rows = await rawTrainRows(plan, dataset, ownRows.keep);
      return { sampleCount: isRowMatrix(rows) || isRowFile(rows) ? rows.count : rows.length, ...moments(rows, plan.features.length) };
    },
    async release(dataset) {
      const key = JSON.stringify(dataset);
      const paths = [...(files.get(key) ?? [])];
      files.delete(key);
      ownRows.forget(dataset);
      for (const k of [...cache.keys()]) if (k.startsWith(`${key}\u0000`)) cache.delete(k);
      for (const path of paths) rmSync(path, { force: true });
      return paths.length;
    },
    sampleCount: async (plan, dataset) => rowCount(await rowsFor(plan, dataset, 'train')),
    aggregate(updates) {
      // FedAvg's weights nₖ / Σn must lie in [0, 1]: a count that is not a positive number is refused, never weighed.
      const bad = updates.findIndex((u) => !(Number.isFinite(u.sampleCount) && u.sampleCount > 0));
      if (bad >= 0)
        throw new ConnectorError('VALIDATION_FAILED', { detail: `update ${bad + 1} has sample count ${updates[bad]?.sampleCount}: FedAvg weighs positive counts only` });
      const total = updates.reduce((n, u) => n + u.sampleCount, 0);
      if (updates.length === 0 || !Number.isFinite(total)) throw new ConnectorError('VALIDATION_FAILED', { detail: 'nothing to aggregate' });
      const size = updates[0]?.params.length ?? 0;
      const out = new Array<number>(size).fill(0);
      for (const u of updates) for (let p = 0; p < size; p++) out[p] = (out[p] ?? 0) + (u.params[p] ?? 0) * (u.sampleCount / total);
      return out;
    },
    modelHash: (params) =>
      `sha256:${createHash('sha256')
        .update(Buffer.from(new Float64Array(params).buffer))
        .digest('hex')}`,
  };
}
