import type { ResourceMeta, ResourceStore } from '../../catalog/index.js';

const CHUNK = 1000;

/** Every resource of a store, read in chunks of 1000 (a few queries, never one per item). */
export async function listAll<T extends ResourceMeta, F>(store: ResourceStore<T, F>, filter: F): Promise<T[]> {
  const out: T[] = [];
  for (let offset = 0; ; offset += CHUNK) {
    const page = await store.list({ offset, limit: CHUNK, filter });
    out.push(...page.items);
    if (page.items.length < CHUNK || out.length >= page.total) return out;
  }
}
