import { parentPort } from 'node:worker_threads';
import { trainLocally } from './local-train.js';
import type { TrainingRows } from './training-rows.js';
import type { WorkerMessage } from './worker-runner.js';

/** The row arrays the main thread sent once and now names by id (worker-runner.ts). */
const held = new Map<number, TrainingRows>();

/** Worker entry: trains one job per message, off the main thread. Rows arrive here and never leave it. */
parentPort?.on('message', ({ id, job, rows }: WorkerMessage) => {
  try {
    if (rows?.drop !== undefined) held.delete(rows.drop);
    if (rows && !rows.held) held.set(rows.id, job.rows);
    const own = rows ? held.get(rows.id) : job.rows;
    if (!own) throw new Error(`the training worker does not hold rows ${String(rows?.id)}`);
    parentPort?.postMessage({ id, ok: true, result: trainLocally({ ...job, rows: own }) });
  } catch (error) {
    parentPort?.postMessage({ id, ok: false, error: (error as Error).message });
  }
});
