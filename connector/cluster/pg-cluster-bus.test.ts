import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../core/index.js';
import { freshDatabase, TEST_PG_URL } from '../../test/helpers/test-database.js';
import type { Database } from '../store/database.js';
import type { ClusterBus, ClusterEvent } from './cluster-event.js';
import { clusterChannel, pgClusterBus } from './pg-cluster-bus.js';

const closing: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closing.splice(0).reverse()) await close();
});

async function database(): Promise<{ database: Database; schema: string }> {
  const fresh = await freshDatabase('postgres');
  closing.push(fresh.cleanup);
  return { database: fresh.database, schema: fresh.location.config.schema };
}

async function bus(on: { database: Database; schema: string }, origin: string): Promise<{ bus: ClusterBus; next(match?: (e: ClusterEvent) => boolean): Promise<ClusterEvent> }> {
  const b = pgClusterBus({ url: TEST_PG_URL ?? '', schema: on.schema, db: on.database.db, origin, logger: silentLogger, retryMs: 10 });
  await b.start();
  closing.push(() => b.stop());
  const seen: ClusterEvent[] = [];
  const waiting: { match: (e: ClusterEvent) => boolean; resolve(e: ClusterEvent): void }[] = [];
  b.subscribe((e) => {
    const w = waiting.findIndex((x) => x.match(e));
    if (w >= 0) waiting.splice(w, 1)[0]?.resolve(e);
    else seen.push(e);
  });
  return {
    bus: b,
    next: (match = () => true) => {
      const i = seen.findIndex(match);
      if (i >= 0) return Promise.resolve(seen.splice(i, 1)[0] as ClusterEvent);
      return new Promise((resolve) => waiting.push({ match, resolve }));
    },
  };
}

describe.skipIf(!TEST_PG_URL)('cluster events over PostgreSQL LISTEN/NOTIFY', () => {
  it('should reach the other replica of the schema once, the sender at once, and no connector on another schema', async () => {
    const shared = await database();
    const other = await database();
    const a = await bus(shared, 'a');
    const b = await bus(shared, 'b');
    const elsewhere = await bus(other, 'c');
    const seenByA: ClusterEvent[] = [];
    a.bus.subscribe((e) => seenByA.push(e));
    await a.bus.publish({ kind: 'transfer.cut', transferId: 't1', reason: 'revoked' });
    expect(seenByA).toEqual([{ kind: 'transfer.cut', transferId: 't1', reason: 'revoked' }]); // applied at once, before any round trip
    expect(await b.next()).toEqual({ kind: 'transfer.cut', transferId: 't1', reason: 'revoked' });
    // A marker sent after it on each channel: when it arrives, anything misrouted would have arrived before it.
    await elsewhere.bus.publish({ kind: 'catalog.changed' });
    await b.bus.publish({ kind: 'identity.flushed' });
    expect(await a.next((e) => e.kind !== 'transfer.cut')).toEqual({ kind: 'identity.flushed' });
    expect(seenByA.filter((e) => e.kind === 'transfer.cut')).toHaveLength(1); // its own notification was not applied twice
    expect(await elsewhere.next()).toEqual({ kind: 'catalog.changed' });
  });

  it('should reconnect after its connection is killed, resync, and hear events again', async () => {
    const shared = await database();
    const a = await bus(shared, 'a');
    const b = await bus(shared, 'b');
    const killed = await sql<{ n: number }>`SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity
      WHERE application_name = 'kontor-cluster-events' AND query = ${`LISTEN ${clusterChannel(shared.schema)}`}`.execute(shared.database.db);
    expect(killed.rows[0]?.n).toBe(2);
    expect(await b.next()).toEqual({ kind: 'resync' });
    expect(await a.next()).toEqual({ kind: 'resync' });
    await a.bus.publish({ kind: 'catalog.changed' });
    expect(await b.next()).toEqual({ kind: 'catalog.changed' });
  });
});
