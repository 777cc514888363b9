import type { Asset, AssetFilter, AssetStore, ListSeek } from '../../catalog/index.js';

export interface VisibleScan {
  /** Where to start: the beginning of the listing when absent. */
  seek?: ListSeek;
  /** Visible assets to pass over before the ones kept (offset pages only). */
  skip: number;
  /** Visible assets to keep. */
  want: number;
  /** Most assets read per query. */
  chunk: number;
}

/** Lets other work run between two reads (a synchronous SQLite read holds the event loop for its whole chunk). */
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Reads assets in listing order from a place (backwards, nearest first, for `before`) and keeps the visible ones:
 * `skip` passed over, then up to `want` kept, and tells whether one more visible asset follows. Each read asks only
 * for as many assets as could still be needed (plus the one that tells whether more follow), so a scan reads at most
 * skip + want + 1 visible assets plus the hidden ones among them; it yields to the event loop between reads.
 */
export async function scanVisible(assets: AssetStore, filter: AssetFilter, isVisible: (asset: Asset) => boolean, scan: VisibleScan): Promise<{ assets: Asset[]; more: boolean }> {
  const kept: Asset[] = [];
  let skipped = 0;
  let seek = scan.seek;
  for (;;) {
    const size = Math.max(1, Math.min(scan.chunk, scan.skip - skipped + scan.want - kept.length + 1));
    const { items } = await assets.list({ offset: 0, limit: size, filter, ...(seek ? { seek } : {}) });
    for (const asset of items) {
      if (!isVisible(asset)) continue;
      if (skipped < scan.skip) skipped++;
      else if (kept.length < scan.want) kept.push(asset);
      else return { assets: kept, more: true };
    }
    const last = items.at(-1);
    if (items.length < size || !last) return { assets: kept, more: false };
    seek = { createdAt: last.createdAt, id: last.id, direction: scan.seek?.direction ?? 'after' };
    await yieldToEventLoop();
  }
}
