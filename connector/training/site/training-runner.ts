import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ConnectorError, type ErrorCode } from '../../../core/index.js';
import { trainLocally } from './train-locally.js';
import type { LocalTrainingJob, LocalTrainingResult } from './training-job.js';

export interface TrainingRunner {
  run(job: LocalTrainingJob): Promise<LocalTrainingResult>;
  close(): Promise<void>;
}

type Reply = { id: number; ok: true; result: LocalTrainingResult } | { id: number; ok: false; code: ErrorCode; detail: string };

/**
 * The compiled worker next to this file. In production this module runs from dist/, where
 * worker-entry.js exists. Under vitest this module is the .ts source and there is no .js beside it:
 * Node 20 workers cannot load TypeScript, so tests use InProcessTrainingRunner, or pass the dist file.
 */
export function defaultWorkerUrl(): URL {
  return new URL('./worker-entry.js', import.meta.url);
}

/** Runs local training off the main thread, one worker, jobs in order. A crashed worker is replaced on the next job. */
export class WorkerTrainingRunner implements TrainingRunner {
  #worker: Worker | undefined;
  #nextId = 1;
  readonly #pending = new Map<number, { resolve: (r: LocalTrainingResult) => void; reject: (e: Error) => void }>();

  constructor(private readonly workerUrl: URL = defaultWorkerUrl()) {
    if (!existsSync(fileURLToPath(workerUrl))) {
      throw new ConnectorError('INTERNAL', { detail: `training worker ${fileURLToPath(workerUrl)} does not exist (run \`npm run build\`; tests use InProcessTrainingRunner)` });
    }
  }

  run(job: LocalTrainingJob): Promise<LocalTrainingResult> {
    const worker = this.#worker ?? this.#start();
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      worker.ref(); // keep the process alive while a job is out
      worker.postMessage({ id, job });
    });
  }

  async close(): Promise<void> {
    const worker = this.#worker;
    this.#worker = undefined;
    if (worker) await worker.terminate();
  }

  #start(): Worker {
    const worker = new Worker(this.workerUrl);
    worker.on('message', (reply: Reply) => {
      const waiting = this.#pending.get(reply.id);
      this.#pending.delete(reply.id);
      if (this.#pending.size === 0) worker.unref(); // an idle worker does not hold the process open
      if (!waiting) return;
      if (reply.ok) waiting.resolve(reply.result);
      else waiting.reject(new ConnectorError(reply.code, { detail: reply.detail }));
    });
    const fail = (error: Error) => {
      if (this.#worker === worker) this.#worker = undefined;
      for (const [, waiting] of this.#pending) waiting.reject(new ConnectorError('INTERNAL', { detail: `training worker failed: ${error.message}`, cause: error }));
      this.#pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`exited with code ${code}`)));
    worker.unref();
    this.#worker = worker;
    return worker;
  }
}

/** Same contract, in the calling thread: for tests (vitest runs TS sources) and tiny in-process baselines. */
export class InProcessTrainingRunner implements TrainingRunner {
  async run(job: LocalTrainingJob): Promise<LocalTrainingResult> {
    return trainLocally(structuredClone(job));
  }
  async close(): Promise<void> {}
}
