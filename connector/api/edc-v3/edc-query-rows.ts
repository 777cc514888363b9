import { setImmediate as nextTurn } from 'node:timers/promises';

/** The most rows one v3 QuerySpec may read from a store (docs/edc-migration.md); past it the query is refused. */
export const MAX_QUERY_SCAN = 50_000;
/** Rows read at a time when a query reads on until it has what it needs. */
export const QUERY_CHUNK = 500;

export type Pager<T> = (offset: number, limit: number) => Promise<{ items: readonly T[]; total: number }>;

/**
 * A store listing read a piece at a time, in the store's order (`ASC`) or in reverse (`DESC`: position 0 is the last
 * row). It counts the rows it reads and throws `tooMany()` once they pass `max`, and gives the event loop a turn before
 * every read after the first, so that a long query never holds it for the whole read.
 */
export class ListingReader<T> {
  private scanned = 0;
  private reads = 0;
  private known: number | undefined;

  constructor(
    private readonly pager: Pager<T>,
    private readonly tooMany: () => Error,
    private readonly max = MAX_QUERY_SCAN,
  ) {}

  /** The rows at positions `from` … `from + n - 1` in direction `dir` (fewer at the end). */
  async read(dir: 'ASC' | 'DESC', from: number, n: number): Promise<T[]> {
    if (n <= 0) return [];
    if (dir === 'ASC') return [...(await this.fetch(from, n)).items];
    const end = (await this.total()) - from;
    if (end <= 0) return [];
    const start = Math.max(0, end - n);
    return [...(await this.fetch(start, end - start)).items].reverse();
  }

  /** How many rows the listing holds (as the first read saw it, so that positions stay put through a query). */
  async total(): Promise<number> {
    if (this.known === undefined) await this.fetch(0, 1);
    return this.known as number;
  }

  /** Refuses the query now when the listing holds more rows than it may read. */
  async mayReadAll(): Promise<void> {
    if ((await this.total()) > this.max) throw this.tooMany();
  }

  private async fetch(offset: number, limit: number): Promise<{ items: readonly T[]; total: number }> {
    if (this.reads++ > 0) await nextTurn();
    const page = await this.pager(offset, limit);
    this.known ??= page.total;
    this.scanned += page.items.length;
    if (this.scanned > this.max) throw this.tooMany();
    return page;
  }
}
