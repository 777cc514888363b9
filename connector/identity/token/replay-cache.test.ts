import { describe, expect, it } from 'vitest';
import { FixedClock } from '../../../core/index.js';
import { MemoryReplayCache } from './replay-cache.js';

describe('MemoryReplayCache', () => {
  it('should remember an id per issuer until it expires', () => {
    const clock = new FixedClock();
    const cache = new MemoryReplayCache(clock);
    const until = clock.now() + 1000;
    expect(cache.use('did:a', 'j1', until)).toBe('fresh');
    expect(cache.seen('did:a', 'j1')).toBe(true);
    expect(cache.use('did:a', 'j1', until)).toBe('replayed');
    expect(cache.use('did:b', 'j1', until)).toBe('fresh');
    clock.advance(1000);
    expect(cache.seen('did:a', 'j1')).toBe(false);
  });

  it('should bound each issuer and the whole, failing closed until ids expire', () => {
    const clock = new FixedClock();
    const cache = new MemoryReplayCache(clock, { maxPerIssuer: 2, maxEntries: 3 });
    const soon = clock.now() + 1000;
    expect(['a1', 'a2', 'a3'].map((j) => cache.use('did:a', j, soon))).toEqual(['fresh', 'fresh', 'full']);
    expect(['b1', 'b2'].map((j) => cache.use('did:b', j, soon + 5000))).toEqual(['fresh', 'full']);
    clock.advance(1000);
    expect(['a3', 'a4', 'a5'].map((j) => cache.use('did:a', j, soon + 9000))).toEqual(['fresh', 'fresh', 'full']);
    expect(cache.size).toBe(3);
  });
});
