/**
 * Caches a pure string function. The cache is bounded: when full it starts again, so a stream of
 * distinct inputs costs memory of at most `max` entries.
 */
export function memoizeString<R>(fn: (s: string) => R, max = 4096): (s: string) => R {
  const cache = new Map<string, R>();
  return (s) => {
    const hit = cache.get(s);
    if (hit !== undefined || cache.has(s)) return hit as R;
    if (cache.size >= max) cache.clear();
    const out = fn(s);
    cache.set(s, out);
    return out;
  };
}

/** Caches a pure function of an immutable object (parsed operand values) for as long as the object lives. */
export function memoizeObject<K extends object, R>(fn: (k: K) => R): (k: K) => R {
  const cache = new WeakMap<K, R>();
  return (k) => {
    if (cache.has(k)) return cache.get(k) as R;
    const out = fn(k);
    cache.set(k, out);
    return out;
  };
}
