import type { Clock } from '../../core/index.js';

/**
 * A map with a size bound (least recently used goes first) and a per-entry expiry read from the
 * injected clock. Expired entries are dropped when touched; when full, the least recently used
 * entry makes room (call `prune()` to drop expired ones eagerly).
 */
export class BoundedCache<K, V> {
  private readonly entries = new Map<K, { value: V; expiresAt: number }>();

  constructor(
    private readonly clock: Clock,
    private readonly maxEntries: number,
  ) {
    if (!Number.isInteger(maxEntries) || maxEntries < 0) throw new RangeError('maxEntries must be a non-negative integer');
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    if (entry.expiresAt <= this.clock.now()) return undefined;
    this.entries.set(key, entry);
    return entry.value;
  }

  /** Store until `expiresAt` (epoch ms). Nothing is stored when the bound is 0 or the time has passed. */
  set(key: K, value: V, expiresAt: number): void {
    this.entries.delete(key);
    if (this.maxEntries === 0 || expiresAt <= this.clock.now()) return;
    while (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.entries.delete(oldest.value);
    }
    this.entries.set(key, { value, expiresAt });
  }

  delete(key: K): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }

  /** Drop every expired entry. */
  prune(): void {
    const now = this.clock.now();
    for (const [key, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(key);
  }
}
