import type { Clock } from '../../../core/index.js';

/**
 * A token bucket of outbound fetches: `perMinute` tokens, refilled continuously from the injected clock.
 * DID resolution takes one per document fetched for a DID not in the cache, so callers naming fresh DIDs
 * before they are authenticated cannot make us fetch more than this.
 */
export class FetchBudget {
  private tokens: number;
  private last: number;

  constructor(
    private readonly clock: Clock,
    private readonly perMinute: number,
  ) {
    if (!(perMinute > 0)) throw new RangeError('perMinute must be positive');
    this.tokens = perMinute;
    this.last = clock.now();
  }

  /** Takes one token; false when none is left (nothing is taken then). */
  take(): boolean {
    const now = this.clock.now();
    this.tokens = Math.min(this.perMinute, this.tokens + ((now - this.last) * this.perMinute) / 60_000);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
