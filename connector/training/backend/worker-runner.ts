import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { trainLocally, type LocalTrainingJob } from './local-train.js';

type Result = ReturnType<typeof trainLocally>;
type Pending = { resolve(r: Result): void; reject(e: Error): void };

/**
 * Runs local training in one long-lived worker thread (the compiled `local-training-worker.js`), jobs queued by id.
 * Under the test runner the sources are TypeScript: the worker is then taken from `dist/` when it was built, else
 * training runs in-process (and `mode` says so). The worker does not keep the process alive.
 */
export class TrainingWorkers {
  readonly mode: 'worker' | 'in-process';
  private readonly file: string | undefined;
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;

  constructor() {
    const here = fileURLToPath(new URL('./local-training-worker.js', import.meta.url));
    const built = here.replace(/([\\/])connector([\\/])training([\\/])backend([\\/])/, '$1dist$1connector$2training$3backend$4');
    this.file = [here, built].find((f) => existsSync(f));
    this.mode = this.file ? 'worker' : 'in-process';
  }

  run(job: LocalTrainingJob): Promise<Result> {
    if (!this.file) return Promise.resolve(trainLocally(job));
    const worker = this.ensureWorker(this.file);
    const id = this.nextId++;
    return new Promise<Result>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.ref();
      worker.postMessage({ id, job });
    });
  }

  private ensureWorker(file: string): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(file);
    worker.on('message', (m: { id: number; ok: boolean; result?: Result; error?: string }) => {
      const p = this.pending.get(m.id);
      this.pending.delete(m.id);
      if (this.pending.size === 0) worker.unref();
      if (m.ok && m.result) p?.resolve(m.result);
      else p?.reject(new Error(m.error ?? 'training failed'));
    });
    worker.on('error', (error) => this.failAll(error));
    worker.on('exit', () => {
      this.worker = undefined;
      this.failAll(new Error('the training worker stopped'));
    });
    worker.unref();
    this.worker = worker;
    return worker;
  }

  private failAll(error: Error): void {
    for (const p of this.pending.values()) p.reject(error);
    this.pending.clear();
  }
}
