import { closeSync, mkdtempSync, openSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { isConnectorError, silentLogger, type Logger } from '../../core/index.js';
import { openDatabase, type Database } from './database.js';
import { databaseProblem } from './database-problem.js';
import { watchStoreFile, type FolderWatch } from './store-file-watch.js';
import { startWalCheckpointer } from './wal-checkpointer.js';

/**
 * Review item: with the SQLite file removed or replaced under a running connector, the open connection went on
 * reading and writing the orphaned file, /health/ready said ready, and every write was lost at the next start.
 */
describe('the SQLite file at store.path removed or replaced while the store is open', () => {
  const dirs: string[] = [];
  const open: Database[] = [];
  const newPath = () => {
    const dir = mkdtempSync(join(tmpdir(), 'kontor-gone-'));
    dirs.push(dir);
    return join(dir, 'kontor.db');
  };
  const openStore = async (path: string, logger?: Logger) => {
    const database = await openDatabase({ kind: 'sqlite', path, url: undefined, schema: 'public', poolSize: 1 }, logger ? { logger } : {});
    open.push(database);
    await sql`CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)`.execute(database.db);
    return database;
  };
  const insert = (database: Database, id: number) => sql`INSERT INTO t (id, v) VALUES (${id}, 'x')`.execute(database.db);
  const failure = (promise: Promise<unknown>) =>
    promise.then(
      () => undefined,
      (error: unknown) => error,
    );
  afterEach(async () => {
    for (const database of open.splice(0)) await database.close();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('should notice the removal by the folder watch and refuse statements with 503 STORE_UNAVAILABLE', async () => {
    const path = newPath();
    const database = await openStore(path);
    await insert(database, 1);
    for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
    // The watch's event arrives asynchronously: wait for it, no time-out of our own (no readiness check ran).
    expect(await database.file?.whenGone()).toBe('the database file at store.path was removed while the connector ran');
    const write = await failure(insert(database, 2));
    expect(isConnectorError(write) && write.code).toBe('STORE_UNAVAILABLE');
    expect(write).toMatchObject({ retryable: true, retryAfterSeconds: 30 });
    expect((write as Error).message).toContain('restored and the connector restarted');
    const read = await failure(sql`SELECT * FROM t`.execute(database.db));
    expect(isConnectorError(read) && read.code).toBe('STORE_UNAVAILABLE');
  });

  it('should say in the readiness check that the file was removed, without any watch event', async () => {
    const path = newPath();
    const database = await openStore(path);
    rmSync(path);
    // The readiness check stats the path itself, whether or not an event came (here: before any could be handled).
    expect(await databaseProblem(database)).toBe('the database file at store.path was removed while the connector ran: restore it and restart the connector');
    expect(isConnectorError(await failure(insert(database, 1)))).toBe(true);
  });

  it('should say in the readiness check that another file was renamed over store.path', async () => {
    const path = newPath();
    const database = await openStore(path);
    writeFileSync(`${path}.tmp`, 'this is not a database\n');
    renameSync(`${path}.tmp`, path);
    expect(await databaseProblem(database)).toBe('the database file at store.path was replaced by another file while the connector ran: restore it and restart the connector');
  });

  it('should notice a file renamed over store.path by the folder watch', async () => {
    const path = newPath();
    const database = await openStore(path);
    const other = newPath();
    await openStore(other); // a real SQLite database, e.g. a backup restored over the live file
    renameSync(other, path);
    expect(await database.file?.whenGone()).toBe('the database file at store.path was replaced by another file while the connector ran');
    expect(isConnectorError(await failure(insert(database, 1)))).toBe(true);
  });

  it('should refuse the commit of a transaction under way, roll it back, and write again once the same file is back', async () => {
    const path = newPath();
    const database = await openStore(path);
    const outcome = await failure(
      database.db.transaction().execute(async (trx) => {
        await sql`INSERT INTO t (id, v) VALUES (1, 'in the transaction')`.execute(trx);
        renameSync(path, `${path}.moved`);
        database.file?.recheck();
      }),
    );
    expect(isConnectorError(outcome) && outcome.code).toBe('STORE_UNAVAILABLE');
    renameSync(`${path}.moved`, path); // the very file (its inode) back at the path
    expect(database.file?.recheck()).toBeUndefined();
    await insert(database, 2);
    const { rows } = await sql<{ id: number }>`SELECT id FROM t ORDER BY id`.execute(database.db);
    expect(rows).toEqual([{ id: 2 }]);
  });

  it('should log once at error level naming store.path, however many statements are refused', async () => {
    const path = newPath();
    const errors: unknown[][] = [];
    const logger: Logger = { ...silentLogger, error: (...args: unknown[]) => void errors.push(args) };
    const database = await openStore(path, logger);
    rmSync(path);
    await database.file?.whenGone();
    for (let i = 0; i < 3; i++) {
      await failure(insert(database, i));
      await databaseProblem(database);
    }
    expect(errors).toHaveLength(1);
    expect(errors[0]?.[0]).toMatchObject({ path });
    expect(String(errors[0]?.[1])).toContain(`('${path}')`);
  });

  it('should react to a folder event only by a stat: the watch delivered by hand', async () => {
    const path = newPath();
    writeFileSync(path, '');
    let deliver: (event: string, name: string | null) => void = () => undefined;
    const watch: FolderWatch = (_folder, onChange) => {
      deliver = onChange;
      return { close: () => undefined, on: () => undefined };
    };
    const file = watchStoreFile(path, { watch });
    try {
      deliver('change', 'kontor.db-wal'); // a commit into the WAL: not even a stat
      rmSync(path);
      expect(file.problem()).toBeUndefined(); // nothing looked yet: the statements' test does no I/O
      const gone = file.whenGone();
      deliver('rename', 'kontor.db');
      expect(await gone).toBe('the database file at store.path was removed while the connector ran');
      expect(file.refusal()?.code).toBe('STORE_UNAVAILABLE');
    } finally {
      file.close();
    }
  });

  it('should stay in use through WAL checkpoints and a VACUUM, which write the file in place', async () => {
    const path = newPath();
    const database = await openStore(path);
    const inode = statSync(path).ino;
    for (let i = 0; i < 200; i++) await insert(database, i);
    const checkpointer = await startWalCheckpointer(path, 3_600_000);
    try {
      expect((await checkpointer.checkpointNow()).checkpointed).toBeGreaterThan(0);
    } finally {
      await checkpointer.close();
    }
    await sql`DELETE FROM t WHERE id >= 100`.execute(database.db);
    await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(database.db);
    await sql`VACUUM`.execute(database.db);
    await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(database.db);
    expect(statSync(path).ino).toBe(inode);
    expect(database.file?.recheck()).toBeUndefined();
    await insert(database, 1000);
  });

  // Known weak point: removing only the WAL (or the shared-memory index) went unnoticed, and later writes went into
  // the orphaned WAL.
  it('should notice the WAL removed alone by the folder watch, refuse statements, and keep earlier writes across a restart', async () => {
    const path = newPath();
    await (await openStore(path)).close(); // an existing database: its WAL is there from the open on
    const database = await openDatabase({ kind: 'sqlite', path, url: undefined, schema: 'public', poolSize: 1 });
    open.push(database);
    for (let i = 0; i < 20; i++) await insert(database, i);
    rmSync(`${path}-wal`);
    expect(await database.file?.whenGone()).toBe("the database's write-ahead log (store.path + '-wal') was removed while the connector ran");
    const write = await failure(insert(database, 100));
    expect(write).toMatchObject({ code: 'STORE_UNAVAILABLE', retryAfterSeconds: 30 });
    expect((write as Error).message).toContain('until the connector is restarted');
    expect(await databaseProblem(database)).toBe(
      "the database's write-ahead log (store.path + '-wal') was removed while the connector ran: restart the connector (as it stops, the write-ahead log it still holds is checkpointed into the database file)",
    );
    await open.splice(open.indexOf(database), 1)[0]?.close();
    const restarted = await openDatabase({ kind: 'sqlite', path, url: undefined, schema: 'public', poolSize: 1 });
    open.push(restarted);
    expect((await sql<{ n: number }>`SELECT count(*) AS n FROM t`.execute(restarted.db)).rows).toEqual([{ n: 20 }]);
  });

  it('should say in the readiness check that the shared-memory index or the WAL, first written after the open, was removed', async () => {
    const path = newPath();
    const database = await openStore(path); // a fresh file: SQLite makes its WAL and index at the first write
    expect(database.file?.recheck()).toBeUndefined(); // a readiness check sees them
    rmSync(`${path}-shm`);
    expect(await databaseProblem(database)).toMatch(/^the database's shared-memory index \(store\.path \+ '-shm'\) was removed while the connector ran: restart/);
    expect(await failure(insert(database, 1))).toMatchObject({ code: 'STORE_UNAVAILABLE' });
  });

  it('should take a WAL first seen by a folder event as held from then on: the watch delivered by hand', async () => {
    const path = newPath();
    writeFileSync(path, '');
    let deliver: (event: string, name: string | null) => void = () => undefined;
    const watch: FolderWatch = (_folder, onChange) => {
      deliver = onChange;
      return { close: () => undefined, on: () => undefined };
    };
    const file = watchStoreFile(path, { watch });
    const held = openSync(`${path}-wal`, 'w'); // held open, as SQLite does: its inode is not reused
    try {
      deliver('rename', 'kontor.db-wal'); // SQLite made its WAL at the first write
      await new Promise<void>((resolve) => setImmediate(resolve)); // the watch's stat after the burst
      expect(file.problem()).toBeUndefined();
      const gone = file.whenGone();
      rmSync(`${path}-wal`);
      deliver('rename', 'kontor.db-wal');
      expect(await gone).toBe("the database's write-ahead log (store.path + '-wal') was removed while the connector ran");
      writeFileSync(`${path}-wal`, ''); // another file at its name
      expect(file.recheck()).toBe("the database's write-ahead log (store.path + '-wal') was replaced by another file while the connector ran");
    } finally {
      closeSync(held);
      file.close();
    }
  });

  it('should watch neither a :memory: store nor a read-only opening', async () => {
    const memory = await openDatabase({ kind: 'sqlite', path: ':memory:', url: undefined, schema: 'public', poolSize: 1 });
    open.push(memory);
    expect(memory.file).toBeUndefined();
    const path = newPath();
    await openStore(path);
    const readOnly = await openDatabase({ kind: 'sqlite', path, url: undefined, schema: 'public', poolSize: 1 }, { readOnly: true });
    open.push(readOnly);
    expect(readOnly.file).toBeUndefined();
  });
});
