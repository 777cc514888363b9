/** A site's own table, opened for one pass: its column names, then its rows streamed (never all in memory). */
export interface TableReader {
  columns: string[];
  rows: AsyncIterable<Record<string, unknown>>;
}

/** Opens a table; throws (any error) when the file cannot be read. Callers report that as an unreadable file. */
export type OpenTable = () => Promise<TableReader>;
