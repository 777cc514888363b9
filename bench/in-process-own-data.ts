import { scoredMetrics } from '../connector/training/backend/classification-metrics.js';
import { rowAt, rowCount } from '../connector/training/backend/training-rows.js';
import { pooledScaling } from '../connector/training/coordinator/pooled-scaling.js';
import { jobSettings, planMath } from '../connector/training/backend/model-math.js';
import { TrainingWorkers } from '../connector/training/backend/worker-runner.js';
import { loadOwnMatrix } from '../connector/training/data/own-matrix.js';
import { matrixMoments, scaleMatrixInPlace } from '../connector/training/data/row-matrix.js';
import type { TrainingSchema } from '../connector/training/data/training-schema.js';
import type { TrainingPlan } from '../connector/training/training-plan.js';

/**
 * The same training as the governed run, in one process without any governance: each site's CSV file read and
 * checked the same way and held the same way (loadOwnMatrix: compact float32 rows), one pooled scaling over every
 * site's training rows (for the numeric columns), then per round each site's
 * local training in its own worker thread (as each connector has its own), the sample-weighted average, and the new
 * model evaluated on every site's held-out rows. Returns the time and the last round's accuracy.
 */
export async function inProcessOwnData(files: string[], schema: TrainingSchema, plan: TrainingPlan, rounds: number): Promise<{ totalMs: number; accuracy: number; mode: string }> {
  const start = performance.now();
  const own = await Promise.all(files.map((path) => loadOwnMatrix({ type: 'TrainingData', format: 'csv', path, schema })));
  const pooled = pooledScaling(own.map((o) => ({ sampleCount: o.train.count, ...matrixMoments(o.train) })));
  const numeric = schema.features.flatMap((f) => (f.type === 'categorical' ? f.categories.map(() => false) : [f.type === 'numeric']));
  const scaling = { mean: numeric.map((n, j) => (n ? (pooled.mean[j] ?? 0) : 0)), std: numeric.map((n, j) => (n ? (pooled.std[j] ?? 1) : 1)) };
  const labels = schema.label.classes.map((c) => plan.classes.indexOf(c));
  const sites = own.map((o) => ({ train: scaleMatrixInPlace(o.train, scaling, labels), test: scaleMatrixInPlace(o.test, scaling, labels), workers: new TrainingWorkers() }));
  const math = planMath(plan);
  const shape = { features: plan.features.length, classes: plan.classes.length };
  let global = math.initialParams(plan.seed);
  let accuracy = Number.NaN;
  for (let r = 1; r <= rounds; r++) {
    const from = global;
    const updates = await Promise.all(
      sites.map((s) =>
        s.workers.run({
          shape,
          rows: s.train,
          global: from,
          ...jobSettings(plan),
          clipNorm: plan.clipNorm ?? 0,
          noiseMultiplier: plan.noiseMultiplier ?? 0,
          seed: plan.seed + r,
        }),
      ),
    );
    const total = sites.reduce((n, s) => n + s.train.count, 0);
    global = from.map((_, p) => updates.reduce((sum, u, i) => sum + (u.params[p] ?? 0) * ((sites[i]?.train.count ?? 0) / total), 0));
    const model = global;
    const evaluated = sites.map((s) => ({
      n: s.test.count,
      m: scoredMetrics(
        rowCount(s.test),
        (i) => {
          const row = rowAt(s.test, i);
          return { p: math.probabilities(model, row.x), y: row.y };
        },
        plan.classes.length,
      ),
    }));
    const tested = evaluated.reduce((n, e) => n + e.n, 0);
    accuracy = evaluated.reduce((sum, e) => sum + e.m.accuracy * e.n, 0) / tested;
  }
  return { totalMs: performance.now() - start, accuracy, mode: sites[0]?.workers.mode ?? 'none' };
}
