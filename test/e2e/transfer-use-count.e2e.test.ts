import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { offerId, policyContentHash, toOdrlOffer } from '../../catalog/index.js';
import { startConnector, type RunningConnector } from '../helpers/start-connector.js';
import { BACKENDS } from '../helpers/test-database.js';
import { edr, negotiationReached, pull, startTransfer, transferReached } from '../helpers/transfer-fixture.js';

const data = randomBytes(4096);
/** The `usage-n-times` template with times = 2: two transfers under one agreement. */
const twice = { '@type': 'Set', permission: [{ action: 'use', constraint: [{ leftOperand: 'count', operator: 'lteq', rightOperand: 2 }] }] };

describe.each(BACKENDS)('a count of uses over transfers between two connectors on $backend', ({ backend, skip }) => {
  let provider: RunningConnector;
  let consumer: RunningConnector;
  let dataRoot: string;

  beforeAll(async () => {
    if (skip) return;
    dataRoot = mkdtempSync(join(tmpdir(), 'kontor-uses-'));
    writeFileSync(join(dataRoot, 'counted.bin'), data);
    provider = await startConnector(backend, {}, { 'stateMachine.retryBaseMs': 20, 'dataPlane.fileRoot': dataRoot });
    consumer = await startConnector(backend, {}, { 'stateMachine.retryBaseMs': 20 });
    const created = [
      await provider.api('/api/v1/assets', { method: 'POST', json: { id: 'counted', properties: { title: 'counted' }, dataAddress: { type: 'File', path: 'counted.bin' } } }),
      await provider.api('/api/v1/policies', { method: 'POST', json: { id: 'open', policy: { '@type': 'Set', permission: [{ action: 'use' }] } } }),
      await provider.api('/api/v1/policies', { method: 'POST', json: { id: 'twice', policy: twice } }),
      await provider.api('/api/v1/contract-definitions', { method: 'POST', json: { id: 'cd', accessPolicyId: 'open', contractPolicyId: 'twice', assetsSelector: [] } }),
    ];
    expect(created.map((r) => r.status)).toEqual([201, 201, 201, 201]);
  });
  afterAll(async () => {
    await consumer?.stop();
    await provider?.stop();
    if (dataRoot) rmSync(dataRoot, { recursive: true, force: true });
  });

  const negotiate = async (): Promise<string> => {
    const built = toOdrlOffer(twice, offerId({ definitionId: 'cd', assetId: 'counted', policyHash: policyContentHash(twice) }), provider.connector.config.participantId);
    if (!built.ok) throw new Error(built.problem);
    const finalized = negotiationReached(consumer, (e) => e.role === 'consumer' && e.to === 'FINALIZED');
    const res = await consumer.api('/api/v1/negotiations', {
      method: 'POST',
      json: { counterPartyAddress: `${provider.publicUrl}/api/dsp`, counterPartyId: provider.connector.config.participantId, offer: { ...built.offer, target: 'counted' } },
    });
    expect(res.status).toBe(201);
    return String((await finalized).negotiation.agreementId);
  };

  it.skipIf(skip)('should allow two transfers under count lteq 2, refuse the third with the reason, and keep serving the first', async () => {
    const agreementId = await negotiate();
    const body = { agreementId, transferType: 'HttpData-PULL' };
    const first = await startTransfer(consumer, provider, body);
    const second = await startTransfer(consumer, provider, body);

    const refused = transferReached(consumer, (e) => e.role === 'consumer' && e.to === 'TERMINATED' && e.transfer.agreementId === agreementId);
    const third = await consumer.api('/api/v1/transfers', { method: 'POST', json: body });
    expect(third.status).toBe(201); // the consumer's own process; the provider's refusal ends it
    const ended = await refused;
    expect(ended.id).not.toBe(first.id);
    expect(ended.transfer.terminationReason).toMatch(/count lteq 2 does not hold: saw 3.*2 transfers accepted under the agreement before, this would be use 3/);
    // The denial's audit entry is written beside the refusal, not before it: wait until it is there.
    const denials = async () => {
      const audit = (await (await provider.api(`/api/v1/audit?agreementId=${encodeURIComponent(agreementId)}&limit=100`)).json()) as {
        items: { type: string; data: Record<string, unknown> }[];
      };
      return audit.items.filter((e) => e.type === 'policy.decision' && e.data.scope === 'transfer').map((e) => [e.data.decision, e.data.occasion]);
    };
    await vi.waitFor(async () => expect(await denials()).not.toEqual([]));
    expect(await denials()).toEqual([['deny', 'request']]);

    // The admitted transfers are checked with their own uses: pulls, the policy monitor and token refreshes still pass.
    // The provider's management API shows which use each accepted transfer is; the refused third made no process there.
    const listed = (await (await provider.api('/api/v1/transfers?limit=100')).json()) as { items: { agreementId: string; useNumber: number | null }[] };
    expect(listed.items.filter((t) => t.agreementId === agreementId).map((t) => t.useNumber)).toEqual([1, 2]);
    expect(await provider.connector.monitor.tick()).toBe(0);
    for (const t of [first, second]) {
      const res = await pull(await edr(consumer, t.id));
      expect(res.status).toBe(200);
      expect(Buffer.from(await res.arrayBuffer()).equals(data)).toBe(true);
    }
    const refreshed = await fetch(`${provider.publicUrl}/api/data/${encodeURIComponent(first.providerPid)}/token`, {
      method: 'POST',
      headers: { authorization: `Dev ${consumer.connector.config.participantId}` },
    });
    expect(refreshed.status).toBe(200);
    const fresh = ((await refreshed.json()) as { token: string }).token;
    expect((await pull(await edr(consumer, first.id), fresh)).status).toBe(200);
    const providerSide = (await (await provider.api(`/api/v1/transfers/${encodeURIComponent(first.providerPid)}`)).json()) as { state: string };
    expect(providerSide.state).toBe('STARTED');
  });
});
