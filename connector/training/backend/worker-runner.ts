import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { trainLocally, type LocalTrainingJob } from './local-train.js';
import { isRowFile } from '../data/row-file.js';
import { rowCount } from './training-rows.js';

type Result = ReturnType<typeof trainLocally>;
type Pending = { resolve(r: Result): void; reject(e: Error): void };

/**
 * A job of at most this many multiply-adds (rows × epochs × (features + 1) × classes, softmax only) trains on the
 * calling thread: it takes well under a millisecond, less than handing it to the worker and back costs.
 */
export const SMALL_JOB_OPS = 1_000_000;

/** Whether `job` is small enough to train on the calling thread (no MLP, rows in memory, at most `limit` multiply-adds). */
export function isSmallJob(job: LocalTrainingJob, limit = SMALL_JOB_OPS): boolean {
  if (job.model || isRowFile(job.rows)) return false;
  return rowCount(job.rows) * Math.max(1, job.localEpochs) * (job.shape.features + 1) * job.shape.classes * (job.dpSgd ? 2 : 1) <= limit;
}

/** Row arrays the worker keeps between jobs (the most recently used; each is one data set's split). */
export const KEPT_ROW_SETS = 32;

/**
 * A job as posted: an array of row objects (the shipped data sets) goes to the worker once and is then named by its id,
 * since cloning a few hundred row objects cost about 1 ms of the main thread a round; `drop` names one the worker may
 * forget. Matrices (shared memory) and row files are posted as they are: nothing of them is copied.
 */
export interface WorkerMessage {
  id: number;
  job: LocalTrainingJob;
  rows?: { id: number; held: boolean; drop?: number | undefined };
}

/**
 * Runs local training in one long-lived worker thread (the compiled `local-training-worker.js`), jobs queued by id;
 * a small job (isSmallJob) trains on the calling thread.
 * Under the test runner the sources are TypeScript: the worker is then taken from `dist/` when it was built, else
 * training runs in-process (and `mode` says so). The worker does not keep the process alive.
 */
export class TrainingWorkers {
  readonly mode: 'worker' | 'in-process';
  private readonly file: string | undefined;
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  /** Ids of row arrays, and which of them the current worker holds (least recently used first). */
  private readonly rowIds = new WeakMap<object, number>();
  private nextRowsId = 0;
  private held: number[] = [];
  /** Jobs trained on the calling thread because they were small (isSmallJob). */
  smallJobs = 0;

  /** `smallJobOps`: the size up to which a job trains on the calling thread (0: every job goes to the worker). */
  constructor(private readonly smallJobOps = SMALL_JOB_OPS) {
    const here = fileURLToPath(new URL('./local-training-worker.js', import.meta.url));
    const built = here.replace(/([\\/])connector([\\/])training([\\/])backend([\\/])/, '$1dist$1connector$2training$3backend$4');
    this.file = [here, built].find((f) => existsSync(f));
    this.mode = this.file ? 'worker' : 'in-process';
  }

  run(job: LocalTrainingJob): Promise<Result> {
    if (!this.file) return Promise.resolve(trainLocally(job));
    if (isSmallJob(job, this.smallJobOps)) {
      this.smallJobs++;
      return new Promise<Result>((resolve) => resolve(trainLocally(job)));
    }
    const worker = this.ensureWorker(this.file);
    const id = this.nextId++;
    return new Promise<Result>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.ref();
      worker.postMessage(this.message(id, job));
    });
  }

  private message(id: number, job: LocalTrainingJob): WorkerMessage {
    if (!Array.isArray(job.rows)) return { id, job };
    let rowsId = this.rowIds.get(job.rows);
    if (rowsId === undefined) {
      rowsId = this.nextRowsId++;
      this.rowIds.set(job.rows, rowsId);
    }
    const at = this.held.indexOf(rowsId);
    if (at >= 0) {
      this.held.splice(at, 1);
      this.held.push(rowsId);
      return { id, job: { ...job, rows: [] }, rows: { id: rowsId, held: true } };
    }
    this.held.push(rowsId);
    return { id, job, rows: { id: rowsId, held: false, drop: this.held.length > KEPT_ROW_SETS ? this.held.shift() : undefined } };
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
      this.held = [];
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
