import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../../core/index.js';
import { startConnector, type RunningConnector } from '../helpers/start-connector.js';
import { BACKENDS } from '../helpers/test-database.js';
import { edr, negotiate, offerFiles, pull, RESEARCH, startTransfer } from '../helpers/transfer-fixture.js';

/** Both connectors share one fixed clock, so token expiry is reached by moving the clock, never by waiting. */
describe.each(BACKENDS)('data-plane token expiry and refresh on $backend', ({ backend, skip }) => {
  const clock = new FixedClock(Date.parse('2026-03-01T12:00:00Z'));
  let provider: RunningConnector;
  let consumer: RunningConnector;
  let dataRoot: string;

  beforeAll(async () => {
    if (skip) return;
    dataRoot = mkdtempSync(join(tmpdir(), 'kontor-tokens-'));
    writeFileSync(join(dataRoot, 'penguins.csv'), 'species,island\nAdelie,Torgersen\n');
    provider = await startConnector(
      backend,
      { clock },
      { 'dataPlane.fileRoot': dataRoot, 'dataPlane.tokenTtlSeconds': 120, 'dataPlane.tokenSecret': 'a-test-secret-of-at-least-32-characters' },
    );
    consumer = await startConnector(backend, { clock }, {});
    await offerFiles(provider, [{ id: 'penguins', path: 'penguins.csv', mediaType: 'text/csv' }]);
  });
  afterAll(async () => {
    await consumer?.stop();
    await provider?.stop();
    if (dataRoot) rmSync(dataRoot, { recursive: true, force: true });
  });

  it.skipIf(skip)('should refuse an expired token and hand the consumer a fresh one through GET …/edr', async () => {
    const agreementId = await negotiate(consumer, provider, 'penguins');
    const { id } = await startTransfer(consumer, provider, { agreementId, transferType: 'HttpData-PULL', purpose: RESEARCH });
    const first = await edr(consumer, id);
    expect(first.expiresAt).toBe(new Date(clock.now() + 120_000).toISOString());
    const ok = await pull(first);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(await ok.text()).toBe('species,island\nAdelie,Torgersen\n');

    clock.advance(60_000);
    expect((await edr(consumer, id)).token).toBe(first.token); // still valid beyond the refresh margin
    clock.advance(61_000);
    const expired = await pull(first);
    expect(expired.status).toBe(401);
    expect(((await expired.json()) as { detail: string }).detail).toMatch(/ERR_JWT_EXPIRED/);

    const fresh = await edr(consumer, id);
    expect(fresh.token).not.toBe(first.token);
    expect(fresh.expiresAt).toBe(new Date(clock.now() + 120_000).toISOString());
    expect((await pull(fresh)).status).toBe(200);
    expect((await pull(first)).status).toBe(401);
  });
});
