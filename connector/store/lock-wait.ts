import { setTimeout as delay } from 'node:timers/promises';
import { driverCode } from './sql-errors.js';

/**
 * How long a SQLite statement waits for another process's write lock. better-sqlite3 is synchronous: SQLite's own
 * busy wait (`busy_timeout`) blocks the event loop, so it is kept short, and the rest of the wait is spent in
 * asynchronous pauses between attempts, with the loop free to answer other requests.
 */
export interface LockWait {
  /** SQLite's blocking busy wait per attempt (PRAGMA busy_timeout), in ms. */
  busyTimeoutMs: number;
  /** The whole wait for a lock (blocking waits and pauses together) before the store reports STORE_UNAVAILABLE, in ms. */
  lockWaitMs: number;
}

export const DEFAULT_LOCK_WAIT: LockWait = { busyTimeoutMs: 50, lockWaitMs: 3000 };
const FIRST_PAUSE_MS = 10;
const LONGEST_PAUSE_MS = 250;

/** The pauses between attempts, doubling up to 250 ms, as many as fit in the whole wait. Counted, never clocked. */
export function lockWaitPauses(wait: LockWait): number[] {
  const pauses: number[] = [];
  let spent = wait.busyTimeoutMs;
  for (let pause = FIRST_PAUSE_MS; spent + pause + wait.busyTimeoutMs <= wait.lockWaitMs; pause = Math.min(LONGEST_PAUSE_MS, pause * 2)) {
    pauses.push(pause);
    spent += pause + wait.busyTimeoutMs;
  }
  return pauses;
}

/**
 * Runs `op` again after each pause while SQLite answers plain SQLITE_BUSY (another connection holds the lock); the
 * last SQLITE_BUSY, or any other error, is thrown. SQLITE_BUSY_SNAPSHOT is not retried: only a new transaction helps.
 */
export async function retryWhileLocked<T>(op: () => Promise<T>, pauses: readonly number[], sleep: (ms: number) => Promise<unknown> = delay): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await op();
    } catch (error) {
      const pause = pauses[attempt];
      if (driverCode(error) !== 'SQLITE_BUSY' || pause === undefined) throw error;
      await sleep(pause);
    }
  }
}

/**
 * The lock wait of one SQLite connection. Statements run one at a time, so while one waits, every other waits behind
 * it: once a wait ran out, the lock counts as held and later statements try once (one busy timeout) instead of
 * waiting in turn, until a statement that takes the write lock succeeds. Reads do not end that state: in WAL mode they
 * succeed while another process holds the write lock.
 */
export class LockWaiter {
  #held = false;

  constructor(
    private readonly pauses: readonly number[],
    private readonly sleep: (ms: number) => Promise<unknown> = delay,
  ) {}

  get lockHeld(): boolean {
    return this.#held;
  }

  async run<T>(op: () => Promise<T>, writes: boolean): Promise<T> {
    try {
      const result = await retryWhileLocked(op, this.#held ? [] : this.pauses, this.sleep);
      if (writes) this.#held = false;
      return result;
    } catch (error) {
      if (driverCode(error) === 'SQLITE_BUSY') this.#held = true;
      throw error;
    }
  }
}
