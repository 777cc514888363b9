import { closeSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capturingLogger, ERROR_LEVEL } from '../helpers/log-capture.js';
import { startConnector, type RunningConnector } from '../helpers/start-connector.js';
import { mountSmallDisk } from '../helpers/tmpfs.js';

/** Fills the file system holding `path` until it refuses (ENOSPC). */
function fillDisk(path: string): void {
  const fd = openSync(path, 'w');
  const chunk = Buffer.alloc(64 * 1024, 1);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (error) {
    if ((error as { code?: string }).code !== 'ENOSPC') throw error;
  } finally {
    closeSync(fd);
  }
}

/**
 * Issue 17 item 5: a full disk gave 500 and a misleading log line. Now the caller gets 503 with Retry-After, the log
 * names SQLITE_FULL (or the I/O error under it), and writes work again once space returns. On a small tmpfs.
 */
const disk = mountSmallDisk('16m');
const skipReason = 'reason' in disk ? disk.reason : '';
describe.skipIf('reason' in disk)(`the disk under the SQLite store running full${skipReason ? ` — skipped: ${skipReason}` : ''}`, () => {
  const dir = 'dir' in disk ? disk.dir : '';
  const filler = join(dir, 'filler');
  const { logger, lines } = capturingLogger();
  let c: RunningConnector;
  const asset = (id: string, size: number) => ({
    method: 'POST',
    json: { id, properties: { title: id, 'ex:note': 'x'.repeat(size) }, dataAddress: { type: 'HttpData', baseUrl: 'http://127.0.0.1:9/doc' } },
  });

  beforeAll(async () => {
    c = await startConnector('sqlite', { logger }, { 'store.path': join(dir, 'kontor.db') });
    const first = await c.api('/api/v1/assets', asset('before', 10));
    expect(first.status, await first.clone().text()).toBe(201);
    fillDisk(filler);
  });
  afterAll(async () => {
    await c?.stop();
    if ('release' in disk) disk.release();
  });

  /** The asset whose write the full disk refused. */
  let refused = '';

  it('should answer a write 503 with Retry-After and log the real cause, not a 500', async () => {
    // The WAL file may still hold room (after a checkpoint SQLite writes it from its start again), so a write can fit
    // in space the file already has: write until the disk refuses, a bounded number of times (64 × 512 KiB > 16 MiB).
    let res: Response | undefined;
    for (let i = 0; i < 64 && (res === undefined || res.status === 201); i++) {
      refused = `full-${i}`;
      res = await c.api('/api/v1/assets', asset(refused, 512 * 1024));
    }
    if (!res) throw new Error('unreachable: no write was made');
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('30');
    expect(await res.json()).toMatchObject({ code: 'STORE_UNAVAILABLE' });
    const faults = lines.map((l) => (l as { fault?: string }).fault).filter((f) => f !== undefined);
    expect(faults.some((f) => /^SQLITE_(FULL|IOERR)/.test(f))).toBe(true);
    expect(lines.filter((l) => l.level >= ERROR_LEVEL)).toEqual([]);
  });

  it('should keep answering reads and /health/live meanwhile', async () => {
    expect((await fetch(`${c.managementUrl}/health/live`)).status).toBe(200);
    expect((await c.api('/api/v1/assets/before')).status).toBe(200);
  });

  it('should write again once space returns', async () => {
    rmSync(filler);
    expect((await c.api('/api/v1/assets', asset('after', 512 * 1024))).status).toBe(201);
    expect((await c.api('/api/v1/assets/after')).status).toBe(200);
    expect((await c.api(`/api/v1/assets/${refused}`)).status).toBe(404);
  });
});
