import { sql, type RawBuilder } from 'kysely';
import { ConnectorError, FixedClock, type Clock, type Logger } from '../../../core/index.js';
import type { Database, Db } from '../database.js';
import { MIGRATION_LOCK_KEY } from '../migration-lock.js';
import { checkClockAtStart, compareSettings } from '../../replicas/index.js';
import { PER_PROCESS } from '../../replicas/index.js';
import { databaseClock } from './database-clock.js';
import { lockSqliteStore } from '../sqlite-process-lock.js';
import type { SharedSetting } from '../../replicas/index.js';

/**
 * Held shared by every running replica of a schema; tried exclusively by a starting one to learn if it is alone.
 * Advisory locks are per database, so the key is this space and the schema's hash: participants on other schemas
 * of one database (the compose demo) are not replicas of each other.
 */
const REPLICA_LOCK_SPACE = 7345020;
const TABLE = 'replica_settings';

/** This process's place among the replicas; `release` at stop (a killed process's seat goes with its session). */
export interface ReplicaSeat {
  /** Whether no other replica was running when this one started (it registered its settings). */
  readonly alone: boolean;
  release(): Promise<void>;
}

export interface SeatDeps {
  clock: Clock;
  logger: Logger;
  /** The state machines' lease (`stateMachine.leaseMs`): this clock must be within a quarter of it of the database's. */
  leaseMs: number;
}

/**
 * Takes a seat among the replicas sharing the schema. SQLite serves one process: on a file, the seat is the store's
 * lock (sqlite-process-lock.ts), and a second process is refused with STORE_UNAVAILABLE naming the first; commands
 * that only read the store take no seat. PostgreSQL: on a session of its own, under the migration lock (starts
 * queue), it tries the replica lock exclusively: granted, no replica is running, so its fingerprints replace the
 * registered ones (a first start, a restart, or a rotation while all were stopped); refused, replicas are running
 * and its settings must match theirs, or it is refused with every differing setting named. Then it holds the replica lock shared until `release`. Before all
 * that, a replica whose clock is too far from the database's is refused (leases are compared with each one's clock).
 */
export async function takeReplicaSeat(database: Database, settings: readonly SharedSetting[], deps: SeatDeps): Promise<ReplicaSeat> {
  if (database.dialect === 'sqlite' && database.path !== undefined) {
    const lock = lockSqliteStore(database.path, deps.clock);
    return { alone: true, release: async () => lock.release() };
  }
  if (database.dialect !== 'postgres' || !database.openSession) return { alone: true, release: async () => undefined };
  const databaseNow = databaseClock(database);
  // A FixedClock (tests) keeps a time base of its own: there is no real clock to compare.
  if (databaseNow && !(deps.clock instanceof FixedClock)) await checkClockAtStart({ clock: deps.clock, logger: deps.logger, databaseNow, leaseMs: deps.leaseMs });
  const session = database.openSession();
  let leave: () => void = () => undefined;
  const left = new Promise<void>((resolve) => {
    leave = resolve;
  });
  let seated: (alone: boolean) => void = () => undefined;
  let refused: (error: unknown) => void = () => undefined;
  const seat = new Promise<boolean>((resolve, reject) => {
    seated = resolve;
    refused = reject;
  });
  const lock = sql`${REPLICA_LOCK_SPACE}, hashtext(${database.schema ?? 'public'})`;
  const held = session.connection().execute(async (conn) => {
    try {
      seated(await sitDown(conn, lock, settings, deps));
    } catch (error) {
      refused(error);
      return;
    }
    await left;
    await sql`SELECT pg_advisory_unlock_shared(${lock})`.execute(conn);
  });
  try {
    const alone = await seat;
    return {
      alone,
      release: async () => {
        leave();
        await held.catch(() => undefined);
        await session.destroy();
      },
    };
  } catch (error) {
    await held.catch(() => undefined);
    await session.destroy();
    throw error;
  }
}

async function sitDown(conn: Db, lock: RawBuilder<unknown>, settings: readonly SharedSetting[], deps: SeatDeps): Promise<boolean> {
  await sql`SELECT pg_advisory_lock(${MIGRATION_LOCK_KEY})`.execute(conn);
  try {
    const tried = await sql<{ ok: boolean }>`SELECT pg_try_advisory_lock(${lock}) AS ok`.execute(conn);
    const alone = tried.rows[0]?.ok === true;
    const mine = await Promise.all(settings.map(async (s) => ({ setting: s.setting, whenMissing: s.whenMissing, fingerprint: await s.fingerprint(alone) })));
    if (alone) {
      await conn.transaction().execute(async (trx) => {
        await trx.deleteFrom(TABLE).execute();
        const rows = mine.map((m) => ({ setting: m.setting, fingerprint: m.fingerprint ?? PER_PROCESS, registered_at: deps.clock.now() }));
        if (rows.length > 0) await trx.insertInto(TABLE).values(rows).execute();
      });
      await sql`SELECT pg_advisory_unlock(${lock})`.execute(conn);
      for (const m of mine.filter((x) => x.fingerprint === undefined))
        deps.logger.warn({ setting: m.setting }, `${m.setting} is not shared: no other replica can join this schema until it is set (${m.whenMissing})`);
    } else {
      const rows = await conn.selectFrom(TABLE).select(['setting', 'fingerprint']).execute();
      const problems = compareSettings(new Map(rows.map((r) => [String(r.setting), String(r.fingerprint)])), mine);
      if (problems.length > 0) {
        throw new ConnectorError('CONFIG_INVALID', {
          detail: `this replica does not share the settings of the replicas running on this schema: ${problems.map((p) => `${p.setting} ${p.problem}`).join('; ')}`,
          violations: problems.map((p) => ({ pointer: p.setting, message: p.problem })),
        });
      }
      const known = new Set(rows.map((r) => String(r.setting)));
      const fresh = mine.filter((m) => !known.has(m.setting)).map((m) => ({ setting: m.setting, fingerprint: m.fingerprint ?? PER_PROCESS, registered_at: deps.clock.now() }));
      if (fresh.length > 0) await conn.insertInto(TABLE).values(fresh).execute();
    }
    await sql`SELECT pg_advisory_lock_shared(${lock})`.execute(conn);
    return alone;
  } finally {
    await sql`SELECT pg_advisory_unlock(${MIGRATION_LOCK_KEY})`.execute(conn);
  }
}
