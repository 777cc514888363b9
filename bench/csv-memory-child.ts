import { checkOwnData } from '../connector/training/data/check-own-data.js';
import { inferSchema } from '../connector/training/data/infer-schema.js';
import { openOwnTable } from '../connector/training/data/open-own-table.js';
import { loadOwnRows } from '../connector/training/data/own-rows.js';
import { profileFiles } from '../connector/training/data/profile-files.js';
import { planForSchema } from '../connector/training/data/plan-for-schema.js';
import { softmaxBackend } from '../connector/training/backend/softmax-backend.js';
import { TrainingWorkers } from '../connector/training/backend/worker-runner.js';
import { pooledScaling } from '../connector/training/coordinator/pooled-scaling.js';
import { SYNTHETIC_LABEL } from './synthetic-csv.js';

/**
 * One read of a site's CSV file in a fresh process (its peak RSS is its own): `check` is the streamed schema check
 * with its statistics (asset creation, update, transfer start, and the first pass of every load); `load` is what
 * local training used to do with the file (loadOwnRows: both splits as row objects, in memory); `train` is one round
 * of the real training path, as a site's connector runs it: the feature statistics (federated scaling), one local
 * epoch of softmax regression in the training worker thread, and the evaluation on the test split (LIMIT: the
 * backend's in-memory limit in bytes, `default` for IN_MEMORY_ROWS_LIMIT_BYTES). The schema is inferred first from a
 * small sample file, as `kontor data inspect` would. Prints the rows, wall and CPU seconds and the peak RSS.
 */
const [mode, file = '', sample = '', limit = 'default'] = process.argv.slice(2);
const { schema } = inferSchema((await profileFiles([sample])).profiles, SYNTHETIC_LABEL);
const address = { type: 'TrainingData', format: 'csv', path: file, schema };
const start = performance.now();
let rows = 0;
let rowFiles = 0;
if (mode === 'check') {
  const { result } = await checkOwnData(address, openOwnTable);
  rows = result.rows;
} else if (mode === 'load') {
  const own = await loadOwnRows(address);
  rows = own.train.length + own.test.length;
} else if (mode === 'train') {
  const backend = softmaxBackend(new TrainingWorkers(), limit === 'default' ? {} : { inMemoryLimitBytes: Number(limit) });
  const plan = planForSchema(schema, { localEpochs: 1, standardize: 'federated' });
  const statistics = await backend.statistics({ plan, dataset: address });
  const round = { ...plan, scaling: pooledScaling([statistics]) };
  const update = await backend.trainLocally({ plan: round, dataset: address, global: backend.initialParams(round), clipNorm: 0, noiseMultiplier: 0, seed: 1 });
  const evaluation = await backend.evaluateLocally({ plan: round, dataset: address, global: update.params });
  // A sanity check that the round ran over the rows (not that it learned: one linear epoch on this non-linear label may end near chance).
  if (evaluation.sampleCount === 0 || !Number.isFinite(evaluation.accuracy)) throw new Error('the round evaluated no rows');
  rows = update.sampleCount + evaluation.sampleCount;
  rowFiles = (await backend.release?.(address)) ?? 0;
} else {
  throw new Error('usage: csv-memory-child.js check|load|train FILE SAMPLE [LIMIT]');
}
const usage = process.resourceUsage();
console.log(
  JSON.stringify({ rows, rowFiles, seconds: (performance.now() - start) / 1000, cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6, maxRssMiB: usage.maxRSS / 1024 }),
);
