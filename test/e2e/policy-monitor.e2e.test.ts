import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConnector, type RunningConnector } from '../helpers/start-connector.js';
import { edr, negotiate, offerFiles, RESEARCH, startTransfer, transferReached } from '../helpers/transfer-fixture.js';

let provider: RunningConnector;
let consumer: RunningConnector;
let dataRoot: string;

beforeAll(async () => {
  dataRoot = mkdtempSync(join(tmpdir(), 'kontor-monitor-'));
  writeFileSync(join(dataRoot, 'a.bin'), randomBytes(1024));
  provider = await startConnector('sqlite', {}, { 'stateMachine.retryBaseMs': 20, 'dataPlane.fileRoot': dataRoot });
  consumer = await startConnector('sqlite', {}, { 'stateMachine.retryBaseMs': 20 });
  await offerFiles(provider, [{ id: 'a', path: 'a.bin' }]);
});
afterAll(async () => {
  await consumer?.stop();
  await provider?.stop();
  rmSync(dataRoot, { recursive: true, force: true });
});

describe('the policy monitor', () => {
  it('should leave a transfer whose agreement holds, and end one whose agreement no longer does', async () => {
    const agreementId = await negotiate(consumer, provider, 'a');
    const { id } = await startTransfer(consumer, provider, { agreementId, transferType: 'HttpData-PULL', purpose: RESEARCH });
    expect(await provider.connector.monitor.tick()).toBe(0);
    // Revoked behind the management API's back (as an expiry or an external revocation would): only the monitor notices.
    await provider.connector.stores.agreements.revoke(agreementId, Date.parse('2026-11-29T00:00:00Z'));
    const ended = transferReached(consumer, (e) => e.id === id && e.to === 'TERMINATED');
    expect(await provider.connector.monitor.tick()).toBe(1);
    await ended;
    const e = await consumer.api(`/api/v1/transfers/${encodeURIComponent(id)}`);
    expect(((await e.json()) as { state: string }).state).toBe('TERMINATED');
    const entries = (await (await provider.api(`/api/v1/audit?agreementId=${encodeURIComponent(agreementId)}&limit=500`)).json()) as {
      items: { type: string; data: { decision?: string } }[];
    };
    expect(entries.items.some((x) => x.type === 'policy.decision' && x.data.decision === 'deny')).toBe(true);
    await expect(edr(consumer, id)).rejects.toThrow();
  });
});
