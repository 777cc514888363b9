import type { Clock } from '../../../core/index.js';

export type ReplayVerdict = 'fresh' | 'replayed' | 'full';

/**
 * Remembers token ids, per issuer, until their tokens expire. Record an id (`use`) only once its caller is fully
 * verified (signature, membership, grant): what a stranger sends must never take a place in the cache.
 * `use` is check-and-remember in one step; implementations shared by several processes must make it atomic.
 */
export interface ReplayCache {
  /** Whether the id is remembered: a cheap early refusal, no promise that a later `use` succeeds. */
  seen(issuer: string, jti: string): boolean | Promise<boolean>;
  use(issuer: string, jti: string, expiresAtMs: number): ReplayVerdict | Promise<ReplayVerdict>;
}

export interface ReplayCacheLimits {
  /** Most ids remembered for one issuer: one issuer beyond it is refused, nobody else (default 10,000). */
  maxPerIssuer?: number;
  /** Most ids remembered in all (default 200,000). */
  maxEntries?: number;
}

interface Bucket {
  ids: Map<string, number>;
  /** Earliest expiry in `ids` (a lower bound): nothing to evict before it. */
  earliest: number;
}

/**
 * In-process replay cache with bounded memory. Entries are evicted when their token expires (tokens with a longer
 * lifetime are refused before they get here). When an issuer's bound, or the total bound, is reached and nothing
 * has expired it answers `full` and the token is refused: failing closed beats forgetting an id that could then be
 * replayed. Eviction scans only when something can have expired, so a full bucket costs O(1) per refusal.
 */
export class MemoryReplayCache implements ReplayCache {
  private readonly buckets = new Map<string, Bucket>();
  private readonly maxPerIssuer: number;
  private readonly maxEntries: number;
  private total = 0;
  private earliest = Number.POSITIVE_INFINITY;

  constructor(
    private readonly clock: Clock,
    limits: ReplayCacheLimits = {},
  ) {
    this.maxEntries = limits.maxEntries ?? 200_000;
    this.maxPerIssuer = Math.min(limits.maxPerIssuer ?? 10_000, this.maxEntries);
  }

  get size(): number {
    return this.total;
  }

  seen(issuer: string, jti: string): boolean {
    const expiresAt = this.buckets.get(issuer)?.ids.get(jti);
    return expiresAt !== undefined && expiresAt > this.clock.now();
  }

  use(issuer: string, jti: string, expiresAtMs: number): ReplayVerdict {
    const now = this.clock.now();
    if (this.seen(issuer, jti)) return 'replayed';
    const bucket = this.buckets.get(issuer) ?? { ids: new Map<string, number>(), earliest: Number.POSITIVE_INFINITY };
    if (bucket.ids.size >= this.maxPerIssuer) this.evict(bucket, now);
    if (bucket.ids.size >= this.maxPerIssuer) return 'full';
    if (this.total >= this.maxEntries) this.evictAll(now);
    if (this.total >= this.maxEntries) return 'full';
    if (bucket.ids.delete(jti)) this.total--;
    bucket.ids.set(jti, expiresAtMs);
    bucket.earliest = Math.min(bucket.earliest, expiresAtMs);
    this.earliest = Math.min(this.earliest, expiresAtMs);
    this.buckets.set(issuer, bucket);
    this.total++;
    return 'fresh';
  }

  private evict(bucket: Bucket, now: number): void {
    if (bucket.earliest > now) return;
    let earliest = Number.POSITIVE_INFINITY;
    for (const [jti, expiresAt] of bucket.ids) {
      if (expiresAt <= now) {
        bucket.ids.delete(jti);
        this.total--;
      } else earliest = Math.min(earliest, expiresAt);
    }
    bucket.earliest = earliest;
  }

  private evictAll(now: number): void {
    if (this.earliest > now) return;
    let earliest = Number.POSITIVE_INFINITY;
    for (const [issuer, bucket] of this.buckets) {
      this.evict(bucket, now);
      if (bucket.ids.size === 0) this.buckets.delete(issuer);
      else earliest = Math.min(earliest, bucket.earliest);
    }
    this.earliest = earliest;
  }
}
