import { statSync } from 'node:fs';

/** What identifies a file's content cheaply: its size and modification time (a table in a database: nothing, it is read anew). */
function version(raw: Record<string, unknown>): string | undefined {
  if (typeof raw.path !== 'string' || raw.format === 'postgres') return undefined;
  try {
    const s = statSync(raw.path);
    return `${s.size}:${s.mtimeMs}`;
  } catch {
    return undefined;
  }
}

/**
 * A site's own rows, loaded once per file version for two consecutive uses: the feature statistics before round 1
 * (`keep`: loads and holds them) and the first round under the pooled scaling they bring (`take`: uses the held rows
 * and lets them go, so `take` hands over rows no one else reads: the backend scales them in place and caches them). So the file is read once, not twice,
 * and nothing beyond the encoded rows is held afterwards. A file that changed (size or modification time) is read
 * again; a database table is always read anew. At most `max` versions are held.
 */
export function memoizedOwnRows<T>(
  load: (raw: Record<string, unknown>) => Promise<T>,
  max = 4,
): { keep: typeof load; take: typeof load; forget(raw: Record<string, unknown>): void } {
  const held = new Map<string, Promise<T>>();
  const keyOf = (raw: Record<string, unknown>) => {
    const stamp = version(raw);
    return stamp === undefined ? undefined : `${stamp}\u0000${JSON.stringify(raw)}`;
  };
  return {
    keep(raw) {
      const key = keyOf(raw);
      if (key === undefined) return load(raw);
      const found = held.get(key);
      if (found) return found;
      if (held.size >= max) held.delete(held.keys().next().value as string);
      const loading = load(raw);
      held.set(key, loading);
      loading.catch(() => held.delete(key));
      return loading;
    },
    /** Lets go of every version held for this address (its data was released). */
    forget(raw) {
      const tail = `\u0000${JSON.stringify(raw)}`;
      for (const key of [...held.keys()]) if (key.endsWith(tail)) held.delete(key);
    },
    take(raw) {
      const key = keyOf(raw);
      const found = key === undefined ? undefined : held.get(key);
      if (key !== undefined) held.delete(key);
      return found ?? load(raw);
    },
  };
}
