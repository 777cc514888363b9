import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { trainLocally, type LocalTrainingJob } from './local-train.js';

type Result = ReturnType<typeof trainLocally>;

/**
 * Runs local training in a worker thread (the compiled `local-training-worker.js`). Under the test runner the
 * sources are TypeScript: the worker is then taken from `dist/` when it was built, else training runs in-process
 * (and `mode` says so).
 */
export class TrainingWorkers {
  readonly mode: 'worker' | 'in-process';
  private readonly file: string | undefined;

  constructor() {
    const here = fileURLToPath(new URL('./local-training-worker.js', import.meta.url));
    const built = here.replace(/([\\/])connector([\\/])fl([\\/])backend([\\/])/, '$1dist$1connector$2fl$3backend$4');
    this.file = [here, built].find((f) => existsSync(f));
    this.mode = this.file ? 'worker' : 'in-process';
  }

  run(job: LocalTrainingJob): Promise<Result> {
    if (!this.file) return Promise.resolve(trainLocally(job));
    const worker = new Worker(this.file);
    return new Promise<Result>((resolve, reject) => {
      worker.once('message', (m: { ok: boolean; result?: Result; error?: string }) => (m.ok && m.result ? resolve(m.result) : reject(new Error(m.error ?? 'training failed'))));
      worker.once('error', reject);
      worker.postMessage(job);
    }).finally(() => void worker.terminate());
  }
}
