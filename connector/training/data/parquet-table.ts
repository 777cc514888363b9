import type { FileHandle } from 'node:fs/promises';
import { type AsyncBuffer, parquetMetadataAsync, parquetReadObjects, parquetSchema } from 'hyparquet';
import { openRegularFile } from './regular-file.js';
import type { TableReader } from './table-reader.js';

/** Byte ranges of an open file, read at their positions (the descriptor checked as a regular file, not the path again). */
async function fileBuffer(handle: FileHandle): Promise<AsyncBuffer> {
  const { size } = await handle.stat();
  return {
    byteLength: size,
    async slice(start, end = size) {
      const buffer = new Uint8Array(Math.max(0, end - start));
      let done = 0;
      while (done < buffer.length) {
        const { bytesRead } = await handle.read(buffer, done, buffer.length - done, start + done);
        if (bytesRead === 0) throw new Error(`the file ended at byte ${start + done}, before byte ${end}`);
        done += bytesRead;
      }
      return buffer.buffer;
    },
  };
}

/**
 * Streams a Parquet file with hyparquet, one row group at a time (never the whole file in memory): the columns are
 * the top-level fields of its schema, the rows objects keyed by them (BigInt values as numbers). A path that is not a
 * regular file is refused; the file stays open until the rows are read (or their reading ends).
 */
export async function openParquetTable(path: string): Promise<TableReader> {
  const handle = await openRegularFile(path);
  try {
    const file = await fileBuffer(handle);
    const metadata = await parquetMetadataAsync(file);
    const columns = parquetSchema(metadata).children.map((c) => c.element.name);
    async function* rows(): AsyncGenerator<Record<string, unknown>> {
      try {
        let start = 0;
        for (const group of metadata.row_groups) {
          const end = start + Number(group.num_rows);
          const chunk = await parquetReadObjects({ file, metadata, rowStart: start, rowEnd: end });
          for (const row of chunk) yield Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v]));
          start = end;
        }
      } finally {
        await handle.close();
      }
    }
    return { columns, rows: rows() };
  } catch (error) {
    await handle.close();
    throw error;
  }
}
