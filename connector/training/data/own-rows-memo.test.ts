import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { memoizedOwnRows } from './own-rows-memo.js';

const dir = mkdtempSync(join(tmpdir(), 'kontor-memo-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function counting() {
  const reads: string[] = [];
  const load = async (raw: Record<string, unknown>) => {
    reads.push(String(raw.path));
    return { schema: { features: [], label: { name: 'y', classes: ['a'] }, missingValues: { rule: 'drop' as const } }, train: [], test: [] };
  };
  return { reads, memo: memoizedOwnRows(load) };
}

describe('own rows loaded once for the statistics and the first round', () => {
  it('reads an unchanged file once for keep then take, and again after take let the rows go', async () => {
    const path = join(dir, 'a.csv');
    writeFileSync(path, 'x,y\n1,a\n');
    const { reads, memo } = counting();
    const raw = { type: 'TrainingData', format: 'csv', path };
    const kept = await memo.keep(raw);
    expect(await memo.keep(raw)).toBe(kept);
    expect(await memo.take(raw)).toBe(kept);
    expect(reads).toHaveLength(1);
    await memo.take(raw);
    expect(reads).toHaveLength(2);
  });

  it('reads a file again once it changed, and a database table every time', async () => {
    const path = join(dir, 'b.csv');
    writeFileSync(path, 'x,y\n1,a\n');
    const { reads, memo } = counting();
    const raw = { type: 'TrainingData', format: 'csv', path };
    await memo.keep(raw);
    writeFileSync(path, 'x,y\n1,a\n2,a\n');
    utimesSync(path, new Date(1_000_000), new Date(2_000_000));
    await memo.take(raw);
    expect(reads).toHaveLength(2);
    const table = { type: 'TrainingData', format: 'postgres', urlFile: join(dir, 'url'), table: 't' };
    await memo.keep(table);
    await memo.take(table);
    expect(reads).toHaveLength(4);
  });

  it('forgets what it holds for an address (its data was released), and only for that address', async () => {
    const [a, b] = [join(dir, 'c.csv'), join(dir, 'd.csv')];
    writeFileSync(a, 'x,y\n1,a\n');
    writeFileSync(b, 'x,y\n1,a\n');
    const { reads, memo } = counting();
    const [rawA, rawB] = [a, b].map((path) => ({ type: 'TrainingData', format: 'csv', path }));
    await memo.keep(rawA as Record<string, unknown>);
    await memo.keep(rawB as Record<string, unknown>);
    memo.forget(rawA as Record<string, unknown>);
    await memo.take(rawA as Record<string, unknown>);
    await memo.take(rawB as Record<string, unknown>);
    expect(reads).toEqual([a, b, a]);
  });
});
