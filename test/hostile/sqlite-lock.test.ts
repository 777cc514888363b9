import BetterSqlite3 from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capturingLogger, ERROR_LEVEL } from '../helpers/log-capture.js';
import { startConnector, type RunningConnector } from '../helpers/start-connector.js';

/**
 * Issue 17 item 5: another process holding SQLite's write lock froze the whole connector (the busy wait blocked the
 * event loop). Now the loop stays free, a write waits store.lockWaitMs and answers 503 with Retry-After, and once the
 * lock is released everything works again.
 */
describe('another connection holding the SQLite write lock', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kontor-lock-'));
  const path = join(dir, 'kontor.db');
  const { logger, lines } = capturingLogger();
  let c: RunningConnector;
  let holder: BetterSqlite3.Database;
  const asset = (id: string) => ({ method: 'POST', json: { id, properties: { title: id }, dataAddress: { type: 'HttpData', baseUrl: 'http://127.0.0.1:9/doc' } } });

  beforeAll(async () => {
    // The lock wait is long enough that a frozen loop could not answer /health/live before the write gives up.
    c = await startConnector('sqlite', { logger }, { 'store.path': path, 'store.lockWaitMs': 5000 });
    holder = new BetterSqlite3(path);
    holder.exec('BEGIN IMMEDIATE');
  });
  afterAll(async () => {
    if (holder.inTransaction) holder.exec('ROLLBACK');
    holder.close();
    await c?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('should answer /health/live while a write waits, and the write 503 with Retry-After', async () => {
    let writeSettled = false;
    const write = c.api('/api/v1/assets', asset('blocked')).finally(() => {
      writeSettled = true;
    });
    const live = await fetch(`${c.managementUrl}/health/live`);
    expect(live.status).toBe(200);
    expect(writeSettled).toBe(false);
    const res = await write;
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('1');
    expect(await res.json()).toMatchObject({ code: 'STORE_UNAVAILABLE', status: 503 });
    expect(lines.some((l) => (l as { fault?: string }).fault === 'SQLITE_BUSY')).toBe(true);
    expect(lines.filter((l) => l.level >= ERROR_LEVEL)).toEqual([]);
  });

  it('should keep reads working while the lock is held (WAL readers do not wait)', async () => {
    expect((await c.api('/api/v1/assets')).status).toBe(200);
  });

  it('should write again once the lock is released, and nothing of the refused write is there', async () => {
    holder.exec('ROLLBACK');
    expect((await c.api('/api/v1/assets', asset('after'))).status).toBe(201);
    expect((await c.api('/api/v1/assets/blocked')).status).toBe(404);
  });
});
