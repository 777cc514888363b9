import { describe, expect, it } from 'vitest';
import type { ResourceMeta, ResourceStore } from '../../catalog/index.js';
import { listAll } from './list-all.js';

type Item = ResourceMeta & { id: string };

/** A store of `total` items that records each page asked for (`shrinkTo`: items that vanish between pages). */
function store(total: number, shrinkTo?: number) {
  const asked: [number, number, unknown][] = [];
  const s = {
    list: async ({ offset, limit, filter }: { offset: number; limit: number; filter?: unknown }) => {
      asked.push([offset, limit, filter]);
      const now = asked.length > 1 && shrinkTo !== undefined ? shrinkTo : total;
      const items = Array.from({ length: Math.max(0, Math.min(limit, now - offset)) }, (_, i) => ({ id: `r-${offset + i}`, createdAt: 0, updatedAt: 0, version: 1 }));
      return { items, total: now };
    },
  } as unknown as ResourceStore<Item, { q: string }>;
  return { s, asked };
}

describe('listAll', () => {
  it.each([
    [0, [0]],
    [999, [0]],
    [1000, [0]],
    [1001, [0, 1000]],
    [2500, [0, 1000, 2000]],
  ])('reads %i items in pages of 1000 starting at %o, passing the filter', async (total, offsets) => {
    const { s, asked } = store(total);
    const all = await listAll(s, { q: 'x' });
    expect(all.map((r) => r.id)).toEqual(Array.from({ length: total }, (_, i) => `r-${i}`));
    expect(asked).toEqual(offsets.map((o) => [o, 1000, { q: 'x' }]));
  });

  it('stops when the store reports fewer items than it had (deleted meanwhile)', async () => {
    const { s, asked } = store(2500, 1000);
    expect(await listAll(s, { q: 'x' })).toHaveLength(1000);
    expect(asked.map(([offset]) => offset)).toEqual([0, 1000]);
  });
});
