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
import { isRowMatrix } from '../data/row-matrix.js';
import { rowAt, rowCount, type TrainingRows } from './training-rows.js';

const shapeOf = (plan: TrainingPlan): SoftmaxShape => ({ features: plan.features.length, classes: plan.classes.length });

/**
 * FedAvg over the plan's model (plain-TypeScript softmax regression, or an MLP on TensorFlow.js), local training in
 * worker threads; the data comes from the site's asset only. A site's own rows are held as a compact float32 matrix
 * in shared memory (own-matrix.ts), which the worker reads without a copy.
 */
export function softmaxBackend(workers: TrainingWorkers): TrainingBackend {
  const cache = new Map<string, Promise<{ train: TrainingRows; test: TrainingRows }>>();
  const ownRows = memoizedOwnRows(loadOwnMatrix);
  const rowsFor = async (plan: TrainingPlan, dataset: Record<string, unknown>, split: 'train' | 'test') => {
    checkModelSpec(plan.model);
    const key = JSON.stringify([dataset, plan.features, plan.classes, plan.scaling, plan.standardize, plan.schemaHash]);
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
      const { logLoss, ...rates } = scoredMetrics(
        rowCount(rows),
        (i) => {
          const r = rowAt(rows, i);
          return { p: math.probabilities(job.global, r.x), y: r.y };
        },
        job.plan.classes.length,
      );
      return { sampleCount: rowCount(rows), ...rates, loss: logLoss };
    },
    async statistics({ plan, dataset }) {
      const rows = await rawTrainRows(plan, dataset, ownRows.keep);
      return { sampleCount: isRowMatrix(rows) ? rows.count : rows.length, ...moments(rows, plan.features.length) };
    },
    sampleCount: async (plan, dataset) => rowCount(await rowsFor(plan, dataset, 'train')),
    aggregate(updates) {
      const total = updates.reduce((n, u) => n + u.sampleCount, 0);
      if (updates.length === 0 || total === 0) throw new ConnectorError('VALIDATION_FAILED', { detail: 'nothing to aggregate' });
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
