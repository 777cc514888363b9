import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../core/index.js';
import { SqlStateEntityStore } from '../../connector/store/sql/sql-state-entity-store.js';
import type { StatefulEntity } from '../../connector/statemachine/stateful-entity.js';
import { freshDatabase, TEST_PG_URL } from '../helpers/test-database.js';

const DIST = new URL('../../dist/connector/store/', import.meta.url).href;

/** A separate Node process that claims REQUESTING entities until none is left and prints what it got. */
const WORKER = `
  const { openDatabase } = await import('${DIST}database.js');
  const { storesOn } = await import('${DIST}sql/create-stores.js');
  const { systemClock } = await import('${new URL('../../dist/core/index.js', import.meta.url).href}');
  const [url, schema, owner] = process.argv.slice(1);
  const db = await openDatabase({ kind: 'postgres', url, schema, poolSize: 2, path: '' });
  const store = storesOn(db, systemClock).negotiations;
  const mine = [];
  for (;;) {
    const batch = await store.claimDue({ states: ['REQUESTING'], limit: 3, owner, leaseMs: 600000 });
    if (batch.length === 0) break;
    mine.push(...batch.map((e) => e.id));
  }
  await db.close();
  process.stdout.write(JSON.stringify(mine));
`;

function worker(schema: string, owner: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', WORKER, TEST_PG_URL ?? '', schema, owner], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as string[]) : reject(new Error(`worker ${owner} exited ${code}: ${err}`))));
  });
}

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => cleanup?.());

describe.skipIf(!TEST_PG_URL)('two connector processes on one PostgreSQL database', () => {
  it('should never claim the same entity twice', async () => {
    const fresh = await freshDatabase('postgres');
    cleanup = fresh.cleanup;
    const store = new SqlStateEntityStore<StatefulEntity>(fresh.database, 'contract_negotiations', 'negotiation', systemClock);
    const total = 300;
    for (let i = 0; i < total; i++) {
      await store.save({ id: `e${i}`, state: 'REQUESTING', stateCount: 1, stateTimestamp: i, nextAttemptAt: 0, pending: false, version: 0, createdAt: 0, updatedAt: 0 });
    }
    const [a, b] = await Promise.all([worker(fresh.location.config.schema, 'process-a'), worker(fresh.location.config.schema, 'process-b')]);
    const all = [...(a ?? []), ...(b ?? [])];
    expect(new Set(all).size).toBe(all.length);
    expect(all).toHaveLength(total);
  });
});
