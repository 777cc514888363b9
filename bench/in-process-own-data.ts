import { encode } from '../connector/training/backend/softmax-regression.js';
import { classificationMetrics } from '../connector/training/backend/classification-metrics.js';
import { jobSettings, planMath } from '../connector/training/backend/model-math.js';
import { TrainingWorkers } from '../connector/training/backend/worker-runner.js';
import { standardization } from '../connector/training/data/encode-row.js';
import { loadOwnRows } from '../connector/training/data/own-rows.js';
import type { TrainingSchema } from '../connector/training/data/training-schema.js';
import type { TrainingPlan } from '../connector/training/training-plan.js';

/**
 * The same training as the governed run, in one process without any governance: each site's CSV file read and
 * checked the same way (loadOwnRows), one pooled scaling over every site's training rows, then per round each site's
 * local training in its own worker thread (as each connector has its own), the sample-weighted average, and the new
 * model evaluated on every site's held-out rows. Returns the time and the last round's accuracy.
 */
export async function inProcessOwnData(files: string[], schema: TrainingSchema, plan: TrainingPlan, rounds: number): Promise<{ totalMs: number; accuracy: number; mode: string }> {
  const start = performance.now();
  const own = await Promise.all(files.map((path) => loadOwnRows({ type: 'TrainingData', format: 'csv', path, schema })));
  const scaling = standardization(
    schema,
    own.flatMap((o) => o.train),
  );
  const sites = own.map((o) => ({ train: encode(o.train, plan.classes, scaling), test: encode(o.test, plan.classes, scaling), workers: new TrainingWorkers() }));
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
    const total = sites.reduce((n, s) => n + s.train.length, 0);
    global = from.map((_, p) => updates.reduce((sum, u, i) => sum + (u.params[p] ?? 0) * ((sites[i]?.train.length ?? 0) / total), 0));
    const model = global;
    const evaluated = sites.map((s) => ({
      n: s.test.length,
      m: classificationMetrics(
        s.test.map((row) => ({ p: math.probabilities(model, row.x), y: row.y })),
        plan.classes.length,
      ),
    }));
    const tested = evaluated.reduce((n, e) => n + e.n, 0);
    accuracy = evaluated.reduce((sum, e) => sum + e.m.accuracy * e.n, 0) / tested;
  }
  return { totalMs: performance.now() - start, accuracy, mode: sites[0]?.workers.mode ?? 'none' };
}
