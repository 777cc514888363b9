import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FixedClock } from '../../core/index.js';
import type { Database } from '../../connector/store/database.js';
import { kekFromSecret } from '../../connector/usage/index.js';
import { SqlDutyTimerStore } from '../../connector/store/sql/sql-duty-timer-store.js';
import { SqlArtifactKeyStore } from '../../connector/store/sql/sql-artifact-key-store.js';
import { freshDatabase, type Backend } from '../helpers/test-database.js';

/** The contract of the usage-control stores (crypto-shredding keys, duty timers), run once per backend. */
export function usageStoresContract(backend: Backend): void {
  let database: Database;
  let cleanup: () => Promise<void>;
  const clock = new FixedClock(1_000_000);
  const kek = kekFromSecret(randomBytes(32).toString('base64'));
  beforeEach(async () => {
    ({ database, cleanup } = await freshDatabase(backend));
  });
  afterEach(async () => cleanup());

  describe('SqlArtifactKeyStore', () => {
    it('should create one 32-byte key per (agreement, class), also under a race, and destroy it once', async () => {
      const keys = new SqlArtifactKeyStore(database, clock, kek);
      const [a, b] = await Promise.all([keys.getOrCreate('agr', 'updates'), keys.getOrCreate('agr', 'updates')]);
      expect(a.key).toHaveLength(32);
      expect(b).toEqual(a);
      expect(await keys.find('agr', 'updates')).toEqual(a);
      const other = await keys.getOrCreate('agr', 'checkpoints');
      expect(other.key.equals(a.key)).toBe(false);
      expect(await keys.destroy('agr', 'updates')).toBe(a.keyId);
      expect(await keys.find('agr', 'updates')).toBeUndefined();
      expect(await keys.destroy('agr', 'updates')).toBeUndefined();
      expect(await keys.find('agr', 'checkpoints')).toEqual(other);
      if (backend === 'sqlite') expect((await sql<{ secure_delete: number }>`PRAGMA secure_delete`.execute(database.db)).rows[0]?.secure_delete).toBe(0); // restored for other stores
      expect((await keys.getOrCreate('agr', 'updates')).keyId).not.toBe(a.keyId); // a new key, never the old one
    });

    it('should keep keys wrapped with the KEK, bound to their row, and refuse a wrong KEK', async () => {
      const keys = new SqlArtifactKeyStore(database, clock, kek);
      const a = await keys.getOrCreate('agr', 'updates');
      const row = await database.db.selectFrom('usage_artifact_keys').selectAll().where('agreement_id', '=', 'agr').executeTakeFirstOrThrow();
      expect(String(row.key_material)).toMatch(/^kw1:kek-[0-9a-f]{16}:/);
      for (const form of ['base64', 'hex'] as const) expect(String(row.key_material)).not.toContain(a.key.toString(form));
      // A KEK this connector does not hold: the server's configuration, not the request (503, as for sealed fields).
      await expect(new SqlArtifactKeyStore(database, clock, kekFromSecret(randomBytes(32).toString('base64'))).find('agr', 'updates')).rejects.toMatchObject({
        code: 'STORE_UNAVAILABLE',
      });
      await database.db.updateTable('usage_artifact_keys').set({ agreement_id: 'agr-2' }).where('agreement_id', '=', 'agr').execute();
      await expect(keys.find('agr-2', 'updates')).rejects.toMatchObject({ code: 'STORE_INTEGRITY' });
      await expect(keys.getOrCreate('agr-2', 'updates')).rejects.toMatchObject({ code: 'STORE_INTEGRITY' });
      expect(await keys.destroy('agr-2', 'updates')).toBe(a.keyId); // a key that does not unwrap can still be shredded
    });
  });

  describe('SqlDutyTimerStore', () => {
    it('should claim due timers once, with a lease, and reclaim after the lease expires', async () => {
      const timers = new SqlDutyTimerStore(database, clock);
      await timers.schedule({ id: 'd1', agreementId: 'agr', action: 'delete', dueAt: 100, payload: { artifactClass: 'updates' } });
      await timers.schedule({ id: 'd2', agreementId: 'agr', action: 'inform', dueAt: 200 });
      await timers.schedule({ id: 'd3', agreementId: 'other', action: 'delete', dueAt: 900 });
      await expect(timers.schedule({ id: 'd1', agreementId: 'agr', action: 'delete', dueAt: 1 })).rejects.toMatchObject({ code: 'ALREADY_EXISTS' });
      const [first, second] = await Promise.all([
        timers.claimDue({ now: 250, owner: 'w1', leaseMs: 50, limit: 10 }),
        timers.claimDue({ now: 250, owner: 'w2', leaseMs: 50, limit: 10 }),
      ]);
      const claimed = [...(first ?? []), ...(second ?? [])];
      expect(claimed.map((t) => t.id).sort()).toEqual(['d1', 'd2']);
      expect(claimed.every((t) => t.state === 'running' && t.attempts === 1)).toBe(true);
      expect(claimed.find((t) => t.id === 'd1')?.payload).toEqual({ artifactClass: 'updates' });
      expect(await timers.claimDue({ now: 299, owner: 'w3', leaseMs: 50, limit: 10 })).toEqual([]);
      const reclaimed = await timers.claimDue({ now: 301, owner: 'w3', leaseMs: 50, limit: 1 }); // the first worker died
      expect(reclaimed.map((t) => [t.id, t.attempts])).toEqual([['d1', 2]]);
      await expect(timers.complete('d1', 'w1')).rejects.toMatchObject({ code: 'LEASE_HELD' });
      expect(await timers.complete('d1', 'w3')).toMatchObject({ state: 'done' });
      await expect(timers.complete('nope', 'w3')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });

    it('should reschedule with the error kept, fail, and list by agreement and state', async () => {
      const timers = new SqlDutyTimerStore(database, clock);
      await timers.schedule({ id: 'd1', agreementId: 'agr', action: 'delete', dueAt: 100 });
      await timers.schedule({ id: 'd2', agreementId: 'agr', action: 'delete', dueAt: 100 });
      await timers.claimDue({ now: 100, owner: 'w', leaseMs: 10, limit: 10 });
      expect(await timers.reschedule('d1', 'w', 500, 'disk busy')).toMatchObject({ state: 'pending', dueAt: 500, lastError: 'disk busy' });
      expect(await timers.fail('d2', 'w', 'no such artifact class')).toMatchObject({ state: 'failed', lastError: 'no such artifact class' });
      expect(await timers.claimDue({ now: 499, owner: 'w', leaseMs: 10, limit: 10 })).toEqual([]);
      expect((await timers.claimDue({ now: 500, owner: 'w', leaseMs: 10, limit: 10 })).map((t) => t.id)).toEqual(['d1']);
      expect((await timers.list({ agreementId: 'agr', states: ['failed'], offset: 0, limit: 10 })).items.map((t) => t.id)).toEqual(['d2']);
      expect((await timers.list({ offset: 0, limit: 1 })).total).toBe(2);
      expect(await timers.findById('d1')).toMatchObject({ state: 'running', attempts: 2 });
    });
  });
}
