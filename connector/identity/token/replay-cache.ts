import type { Clock } from '../../../core/index.js';

export type ReplayVerdict = 'fresh' | 'replayed' | 'full';

/**
 * Remembers token ids until their tokens expire. `use` is check-and-remember in one step.
 * Implementations shared by several processes must make that step atomic.
 */
export interface ReplayCache {
  use(jti: string, expiresAtMs: number): ReplayVerdict | Promise<ReplayVerdict>;
}

/**
 * In-process replay cache with bounded memory. Entries live until their token expires (tokens
 * with a longer lifetime are refused before they get here). When the bound is reached and nothing
 * has expired it answers `full` and the token is refused: failing closed beats forgetting an id
 * that could then be replayed.
 */
export class MemoryReplayCache implements ReplayCache {
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly clock: Clock,
    private readonly maxEntries = 100_000,
  ) {}

  get size(): number {
    return this.seen.size;
  }

  use(jti: string, expiresAtMs: number): ReplayVerdict {
    const now = this.clock.now();
    const known = this.seen.get(jti);
    if (known !== undefined && known > now) return 'replayed';
    if (this.seen.size >= this.maxEntries) this.prune(now);
    if (this.seen.size >= this.maxEntries) return 'full';
    this.seen.set(jti, expiresAtMs);
    return 'fresh';
  }

  private prune(now: number): void {
    for (const [jti, expiresAt] of this.seen) if (expiresAt <= now) this.seen.delete(jti);
  }
}
