import { statSync } from 'node:fs';

/** A file's device and inode: which file a path names. */
export interface FileIdentity {
  readonly dev: bigint;
  readonly ino: bigint;
}

/** The identity of the file at `path`, undefined when there is none, 'unknown' when the path cannot be looked at. */
export function identityAt(path: string): FileIdentity | undefined | 'unknown' {
  try {
    return statSync(path, { bigint: true, throwIfNoEntry: false });
  } catch (error) {
    // A folder on the path replaced by a file: the path names nothing. Anything else (a folder no longer searchable)
    // says nothing about which file is there.
    return (error as { code?: unknown }).code === 'ENOTDIR' ? undefined : 'unknown';
  }
}

const COMPANIONS = [
  { suffix: '-wal', what: 'write-ahead log' },
  { suffix: '-shm', what: 'shared-memory index' },
] as const;

const PREFIX = "the database's ";

/** Whether a store-file problem is about the WAL or the index (which cannot be put back) rather than the database file. */
export const isCompanionProblem = (problem: string): boolean => problem.startsWith(PREFIX);

/** What the operator does when the WAL or the index is gone: the connection still holds the WAL open, and closing it checkpoints its writes. */
export const COMPANION_ADVICE = 'restart the connector (as it stops, the write-ahead log it still holds is checkpointed into the database file)';

/**
 * SQLite's write-ahead log (`<store.path>-wal`) and shared-memory index (`-shm`) beside the database file: each is
 * kept open by the connection from the first time it is seen, and removing or replacing it orphans what the open
 * connection writes (the committed writes not yet checkpointed, or the index another process would rebuild empty).
 * SQLite removes them itself only as the last connection to the database closes, and with the connector's settings
 * (WAL mode, automatic checkpoints off, checkpoints by a thread with a connection of its own, PASSIVE or TRUNCATE,
 * which keep the file) that is after this watch was closed. A fresh database has no WAL until its first write: a
 * companion is remembered when first seen (a folder event or a readiness check), and from then on must stay.
 */
export function storeFileCompanions(path: string): { look(): string | undefined } {
  const seen = new Map<string, FileIdentity>();
  const record = () => {
    for (const { suffix } of COMPANIONS) {
      const now = identityAt(path + suffix);
      if (now && now !== 'unknown' && !seen.has(suffix)) seen.set(suffix, { dev: now.dev, ino: now.ino });
    }
  };
  record();
  return {
    look() {
      for (const { suffix, what } of COMPANIONS) {
        const opened = seen.get(suffix);
        if (!opened) continue;
        const now = identityAt(path + suffix);
        if (now === 'unknown') continue;
        if (!now) return `${PREFIX}${what} (store.path + '${suffix}') was removed while the connector ran`;
        if (now.dev !== opened.dev || now.ino !== opened.ino) return `${PREFIX}${what} (store.path + '${suffix}') was replaced by another file while the connector ran`;
      }
      record();
      return undefined;
    },
  };
}
