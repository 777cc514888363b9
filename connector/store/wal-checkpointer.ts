import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * SQLite checkpoints the WAL into the database file when it passes 1000 pages, inside whichever commit passes it, and
 * a checkpoint ends with an fsync: on a virtual disk that is milliseconds, on the event loop, every few hundred
 * commits (measured: a commit cost 2.6× as much on average). So the connection's automatic checkpoints are switched
 * off and a worker thread with a connection of its own checkpoints the WAL (PASSIVE: it never waits for or blocks a
 * writer) every `intervalMs`. Durability is unchanged: with `synchronous = NORMAL` in WAL mode a commit never synced
 * anyway; the WAL is synced by the checkpoint, wherever it runs. Closing the checkpointer closes its connection.
 */
export interface WalCheckpointer {
  /** A checkpoint now, answered with SQLite's counts: frames in the WAL, frames checkpointed (-1, -1 when busy). */
  checkpointNow(): Promise<{ log: number; checkpointed: number }>;
  close(): Promise<void>;
}

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.module);
const db = new Database(workerData.path);
db.pragma('busy_timeout = 0');
const checkpoint = () => {
  try {
    const [row] = db.pragma('wal_checkpoint(PASSIVE)');
    return { log: row.log, checkpointed: row.checkpointed };
  } catch {
    return { log: -1, checkpointed: -1 }; // busy or closing: the next interval tries again
  }
};
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on('message', (m) => {
  if (m === 'now') return parentPort.postMessage(checkpoint());
  if (m !== 'close') return;
  clearInterval(timer);
  checkpoint();
  db.close();
  parentPort.close();
});
parentPort.postMessage('ready');
`;

/** Starts the checkpointing thread for the database file at `path`; resolves once its connection is open. */
export async function startWalCheckpointer(path: string, intervalMs = 1000): Promise<WalCheckpointer> {
  const module = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { module, path, intervalMs } });
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    worker.once('message', () => resolve());
    worker.once('error', reject);
  });
  worker.unref();
  return {
    // While an answer is awaited the thread holds the process open: an unreferenced one would let it exit mid-await.
    checkpointNow() {
      worker.ref();
      return new Promise((resolve) => {
        worker.once('message', (counts) => {
          worker.unref();
          resolve(counts);
        });
        worker.postMessage('now');
      });
    },
    async close() {
      worker.ref();
      worker.postMessage('close');
      await exited;
    },
  };
}
