import { parentPort } from 'node:worker_threads';
import { isConnectorError } from '../../../core/index.js';
import { trainLocally } from './train-locally.js';
import type { LocalTrainingJob } from './training-job.js';

/**
 * Worker-thread entry (compiled to dist/…/worker-entry.js; see training-runner.ts). One job per message;
 * the rows arrive in this thread and only the result (delta, count, metrics) is posted back.
 */
parentPort?.on('message', (message: { id: number; job: LocalTrainingJob }) => {
  try {
    parentPort?.postMessage({ id: message.id, ok: true, result: trainLocally(message.job) });
  } catch (error) {
    const code = isConnectorError(error) ? error.code : 'INTERNAL';
    parentPort?.postMessage({ id: message.id, ok: false, code, detail: error instanceof Error ? error.message : String(error) });
  }
});
