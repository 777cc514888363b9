import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { capturingLogger, ERROR_LEVEL } from '../helpers/log-capture.js';
import { startConnector, type RunningConnector } from '../helpers/start-connector.js';

/**
 * Review item: the SQLite file deleted or replaced under a running connector. The open connection went on with the
 * orphaned file: /health/ready said ready, writes got 201, and all of them were gone after a restart. Now readiness
 * fails its `database` check and the store answers 503 STORE_UNAVAILABLE (docs/operations.md).
 */
describe('the SQLite file at store.path removed or replaced while the connector runs', () => {
  let c: RunningConnector | undefined;
  afterEach(async () => {
    await c?.stop();
    c = undefined;
  });
  const asset = (id: string) => ({ method: 'POST', json: { id, properties: { title: id }, dataAddress: { type: 'HttpData', baseUrl: 'http://127.0.0.1:9/doc' } } });
  const ready = (running: RunningConnector) => fetch(`${running.managementUrl}/health/ready`);

  it('should turn not ready once the file is deleted, and answer writes and reads 503 problem JSON', async () => {
    const { logger, lines } = capturingLogger();
    c = await startConnector('sqlite', { logger });
    const path = c.connector.config.store.path;
    expect((await c.api('/api/v1/assets', asset('before'))).status).toBe(201);
    expect((await ready(c)).status).toBe(200);

    for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
    const probe = await ready(c);
    expect(probe.status).toBe(503);
    expect(((await probe.json()) as { errors: unknown }).errors).toEqual([
      { pointer: '/checks/database', message: 'the store cannot be queried, is not migrated for this build, or its file at store.path was removed or replaced' },
    ]);

    const write = await c.api('/api/v1/assets', asset('after'));
    expect(write.status).toBe(503);
    expect(write.headers.get('content-type')).toContain('application/problem+json');
    expect(write.headers.get('retry-after')).toBe('30');
    const body = (await write.json()) as { detail: string };
    expect(body).toMatchObject({ code: 'STORE_UNAVAILABLE', status: 503 });
    expect(body.detail).toContain('the database file at store.path was removed while the connector ran');
    expect(body.detail).not.toContain(path); // the path is for the log, not for callers
    expect((await c.api('/api/v1/assets')).status).toBe(503);

    const named = lines.filter((l) => l.level >= ERROR_LEVEL && (l as { path?: string }).path === path);
    expect(named).toHaveLength(1);
    expect(named[0]?.msg).toContain('restore the database file at store.path and restart the connector');
    expect(lines.some((l) => (l as { detail?: string }).detail?.startsWith('the database file at store.path was removed'))).toBe(true);
  });

  it('should turn not ready once another file is renamed over store.path, and refuse writes', async () => {
    c = await startConnector('sqlite');
    const path = c.connector.config.store.path;
    expect((await c.api('/api/v1/assets', asset('before'))).status).toBe(201);
    writeFileSync(`${path}.tmp`, 'this is not a database\n');
    renameSync(`${path}.tmp`, path);
    expect((await ready(c)).status).toBe(503);
    const write = await c.api('/api/v1/assets', asset('after'));
    expect(write.status).toBe(503);
    expect(((await write.json()) as { detail: string }).detail).toContain('was replaced by another file while the connector ran');
  });

  it('should stay ready and keep writing while nothing happens to the file', async () => {
    c = await startConnector('sqlite');
    for (let i = 0; i < 20; i++) expect((await c.api('/api/v1/assets', asset(`a${i}`))).status).toBe(201);
    expect((await ready(c)).status).toBe(200);
    expect((await c.api('/api/v1/assets/a19')).status).toBe(200);
  });
});
