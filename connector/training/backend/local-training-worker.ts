import { parentPort } from 'node:worker_threads';
import { trainLocally, type LocalTrainingJob } from './local-train.js';

/** Worker entry: trains one job per message, off the main thread. Rows arrive here and never leave it. */
parentPort?.on('message', ({ id, job }: { id: number; job: LocalTrainingJob }) => {
  try {
    parentPort?.postMessage({ id, ok: true, result: trainLocally(job) });
  } catch (error) {
    parentPort?.postMessage({ id, ok: false, error: (error as Error).message });
  }
});
