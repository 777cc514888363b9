import { statSync, watch } from 'node:fs';
import { basename, dirname } from 'node:path';
import { ConnectorError, type Logger } from '../../core/index.js';
import { COMPANION_ADVICE, identityAt, isCompanionProblem, storeFileCompanions, type FileIdentity } from './store-file-companions.js';

/**
 * The SQLite file at store.path, watched for being removed or replaced while the connector runs. An open connection
 * keeps working on the file it opened (the inode) after `rm` or after another file was renamed over the path: every
 * write would go into a file no one finds again, and be lost at the next start. So the device and inode seen at open
 * are kept, and the path is looked at again (a stat) when the folder reports a change of its entries (fs.watch) and
 * at every readiness check (the backstop, should the watch miss an event or not start). While the file at the path
 * is not the one opened, every statement is refused with 503 STORE_UNAVAILABLE; the test on the statements' path is
 * a field read, no I/O. A WAL checkpoint or a VACUUM writes the file in place: the inode stays, nothing trips.
 * SQLite's `-wal` and `-shm` files beside it are held to the same rule (store-file-companions.ts): removing either
 * alone orphans what the connection writes.
 */
export interface StoreFileWatch {
  /** Why the file may not be used, as last seen (removed or replaced), or undefined: no I/O. */
  problem(): string | undefined;
  /** Looks at the path now (a stat), updates what `problem` says, and answers it. */
  recheck(): string | undefined;
  /** The error a statement gets while the file is gone, or undefined while it is in place. */
  refusal(): ConnectorError | undefined;
  /** Resolves once the file is seen gone (at once if it is). */
  whenGone(): Promise<string>;
  close(): void;
}

/** The part of fs.watch used here; injectable, so that a test can deliver the folder's events itself. */
export type FolderWatch = (
  folder: string,
  onChange: (event: string, name: string | null) => void,
) => { close(): void; on(event: 'error', listener: (error: unknown) => void): unknown };

const nodeWatch: FolderWatch = (folder, onChange) => watch(folder, { persistent: false }, (event, name) => onChange(event, name === null ? null : String(name)));

const REMOVED = 'the database file at store.path was removed while the connector ran';
const REPLACED = 'the database file at store.path was replaced by another file while the connector ran';

/** Whether the file at `path` is the one with `opened`'s device and inode: undefined if so, else why not. */
function look(path: string, opened: FileIdentity): string | undefined {
  const now = identityAt(path);
  // A path that cannot be looked at says nothing about which file is there: the open connection is left to show whether it still works.
  if (now === 'unknown') return undefined;
  if (!now) return REMOVED;
  return now.dev === opened.dev && now.ino === opened.ino ? undefined : REPLACED;
}

/** Starts watching the SQLite file at `path`, which must exist (it was just opened). */
export function watchStoreFile(path: string, options: { logger?: Logger | undefined; watch?: FolderWatch } = {}): StoreFileWatch {
  const { logger } = options;
  const opened = statSync(path, { bigint: true });
  const identity = { dev: opened.dev, ino: opened.ino };
  const companions = storeFileCompanions(path);
  let gone: string | undefined;
  let waiting: ((problem: string) => void)[] = [];
  let closed = false;

  const update = (): string | undefined => {
    const was = gone;
    gone = look(path, identity) ?? companions.look();
    if (gone && !was) {
      logger?.error(
        { path, detail: gone },
        `${gone} ('${path}'): every request to the store gets 503 STORE_UNAVAILABLE. Writes made before this was noticed are only in the old file, which this process still holds open; ${isCompanionProblem(gone) ? COMPANION_ADVICE : 'restore the database file at store.path and restart the connector'}`,
      );
      for (const resolve of waiting) resolve(gone);
      waiting = [];
    } else if (was && !gone) {
      logger?.warn({ path }, `the database file this connector opened is at store.path ('${path}') again: the store is used again`);
    }
    return gone;
  };

  // Events come in bursts (a rename is two); one stat after the burst answers them all.
  let scheduled = false;
  const onChange = (event: string, name: string | null) => {
    if (scheduled || closed || (event !== 'rename' && name !== null && name !== basename(path))) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      if (!closed) update();
    });
  };
  const unwatched = (error: unknown) =>
    logger?.warn({ path, err: error }, 'the folder of store.path cannot be watched: a database file removed or replaced while the connector runs is noticed by /health/ready only');
  let watcher: ReturnType<FolderWatch> | undefined;
  try {
    watcher = (options.watch ?? nodeWatch)(dirname(path), onChange);
    watcher.on('error', (error) => {
      watcher?.close();
      unwatched(error);
    });
  } catch (error) {
    unwatched(error); // e.g. ENOSPC: the system's limit of inotify watches reached
  }

  return {
    problem: () => gone,
    recheck: update,
    refusal: () =>
      gone === undefined
        ? undefined
        : new ConnectorError('STORE_UNAVAILABLE', {
            detail: `the store is unavailable: ${gone}; nothing is written to it until ${isCompanionProblem(gone) ? 'the connector is restarted' : 'the file is restored and the connector restarted'}, and writes made just before may be lost`,
            cause: Object.assign(new Error(gone), { code: 'STORE_FILE_GONE' }),
            retryable: true,
            retryAfterSeconds: 30,
          }),
    whenGone: () => (gone ? Promise.resolve(gone) : new Promise((resolve) => waiting.push(resolve))),
    close() {
      closed = true;
      watcher?.close();
    },
  };
}
