import { describe, expect, it } from 'vitest';
import { FixedClock } from '../../core/index.js';
import { AuditLog } from './audit-log.js';
import { MemoryAuditStore } from './memory-audit-store.js';
import { verifyAuditLog } from './verify-audit-log.js';

const clock = new FixedClock();

/** A memory store of `n` chained entries that counts its page reads. */
async function countingStore(n: number): Promise<{ store: MemoryAuditStore; reads: () => number }> {
  const store = new MemoryAuditStore();
  await new AuditLog(store, clock).appendAll(Array.from({ length: n }, (_, i) => ({ type: 'policy.decision' as const, actor: 'did:web:a', data: { i } })));
  let reads = 0;
  const range = store.range.bind(store);
  store.range = (fromSeq, limit) => {
    reads++;
    return range(fromSeq, limit);
  };
  return { store, reads: () => reads };
}

describe('audit verification walk', () => {
  it('should let the event loop run between pages of a long chain', async () => {
    const { store, reads } = await countingStore(1201); // three pages of 500
    const readsWhenItRan: number[] = [];
    setImmediate(() => readsWhenItRan.push(reads()));
    const result = await new AuditLog(store, clock).verify();
    expect(result).toMatchObject({ ok: true, checked: 1201, headSeq: 1201 });
    // The callback queued before the walk ran while it was under way (after its first page), not after it resolved.
    expect(readsWhenItRan).toEqual([1]);
    expect(reads()).toBe(3);
  });

  it('should share one running walk between concurrent verifications of the same store', async () => {
    const { store, reads } = await countingStore(1201);
    const [a, b, report] = await Promise.all([
      new AuditLog(store, clock).verify(),
      new AuditLog(store, clock).verify(),
      verifyAuditLog(store, { clock }), // what GET /api/v1/audit/verify runs
    ]);
    expect(a).toMatchObject({ ok: true, checked: 1201 });
    expect(b).toEqual(a);
    expect(report).toMatchObject({ ok: true, entriesChecked: 1201, headSeq: 1201 });
    expect(reads()).toBe(3); // one walk of three pages, not three walks
    // Once it is over, the next verification walks anew (and sees what was appended since).
    await new AuditLog(store, clock).append({ type: 'policy.decision', actor: 'did:web:b', data: {} });
    expect(await new AuditLog(store, clock).verify()).toMatchObject({ ok: true, checked: 1202 });
    expect(reads()).toBe(6);
  });

  it('should not keep a failed walk for the next verification', async () => {
    const { store } = await countingStore(3);
    const range = store.range.bind(store);
    store.range = () => Promise.reject(new Error('disk gone'));
    await expect(new AuditLog(store, clock).verify()).rejects.toThrow('disk gone');
    store.range = range;
    expect(await new AuditLog(store, clock).verify()).toMatchObject({ ok: true, checked: 3 });
  });
});
