import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_CSV_RECORD_BYTES, openCsvTable } from './csv-table.js';

const dir = mkdtempSync(join(tmpdir(), 'kontor-csv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('streaming a CSV file', () => {
  it('should give the header first, then every row as text cells, through many stream chunks', async () => {
    const path = join(dir, 'many.csv');
    writeFileSync(path, `id;group;note\n${Array.from({ length: 50_000 }, (_, i) => `${i};${i % 3 ? 'a' : 'b'};"semi; colon ${i}"`).join('\n')}\n`);
    const table = await openCsvTable(path, ';');
    expect(table.columns).toEqual(['id', 'group', 'note']);
    let count = 0;
    let last: Record<string, unknown> | undefined;
    for await (const row of table.rows) {
      count++;
      last = row;
    }
    expect(count).toBe(50_000);
    expect(last).toEqual({ id: '49999', group: 'a', note: 'semi; colon 49999' });
  });

  it('should fail on a line with another number of cells than the header, naming the line', async () => {
    const path = join(dir, 'ragged.csv');
    writeFileSync(path, 'a,b\n1,2\n3,4,5\n');
    const table = await openCsvTable(path);
    const read = async () => {
      for await (const _row of table.rows);
    };
    await expect(read()).rejects.toThrow(/line 3/);
  });

  it('should refuse a record above 1 MiB naming its line, without reading the rest of it into memory', async () => {
    const path = join(dir, 'huge-cell.csv');
    writeFileSync(path, `a,b\n1,2\n3,${'9'.repeat(3 * MAX_CSV_RECORD_BYTES)}\n5,6\n`);
    const table = await openCsvTable(path);
    const seen: unknown[] = [];
    const read = async () => {
      for await (const row of table.rows) seen.push(row);
    };
    await expect(read()).rejects.toThrow('line 3 holds a record longer than 1048576 bytes (1 MiB), the most a CSV record may hold');
    expect(seen).toEqual([{ a: '1', b: '2' }]);
  });

  it('should give the columns of a file without rows, and none for an empty file', async () => {
    writeFileSync(join(dir, 'header.csv'), 'x,y\n');
    writeFileSync(join(dir, 'empty.csv'), '');
    expect((await openCsvTable(join(dir, 'header.csv'))).columns).toEqual(['x', 'y']);
    expect((await openCsvTable(join(dir, 'empty.csv'))).columns).toEqual([]);
  });
});
