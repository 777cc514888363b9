import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConnector, type RunningConnector } from '../helpers/start-connector.js';
import { negotiate, offerFiles, RESEARCH, startTransfer, transferReached } from '../helpers/transfer-fixture.js';

let provider: RunningConnector;
let hostile: RunningConnector; // the provider of another agreement with the same consumer
let consumer: RunningConnector;
let dataRoot: string;

beforeAll(async () => {
  dataRoot = mkdtempSync(join(tmpdir(), 'kontor-revocation-'));
  writeFileSync(join(dataRoot, 'a.bin'), randomBytes(1024));
  const settings = { 'stateMachine.retryBaseMs': 20, 'dataPlane.fileRoot': dataRoot };
  provider = await startConnector('sqlite', {}, settings);
  hostile = await startConnector('sqlite', {}, settings);
  consumer = await startConnector('sqlite', {}, { 'stateMachine.retryBaseMs': 20 });
  await offerFiles(provider, [{ id: 'a', path: 'a.bin' }]);
  await offerFiles(hostile, [{ id: 'a', path: 'a.bin' }]);
});
afterAll(async () => {
  await consumer?.stop();
  await hostile?.stop();
  await provider?.stop();
  rmSync(dataRoot, { recursive: true, force: true });
});

type Agreement = { status: string; revokedAt: string | null; revokedBy: string | null; revocationReason: string | null };
const agreementAt = async (c: RunningConnector, id: string) => (await (await c.api(`/api/v1/agreements/${encodeURIComponent(id)}`)).json()) as Agreement;
const pullUnder = (agreementId: string) => ({ method: 'POST', json: { agreementId, transferType: 'HttpData-PULL', purpose: RESEARCH } });
const transferCount = async () => ((await (await consumer.api('/api/v1/transfers?limit=1')).json()) as { total: number }).total;
const revoke = async (c: RunningConnector, id: string) => expect((await c.api(`/api/v1/agreements/${encodeURIComponent(id)}/revoke`, { method: 'POST' })).status).toBe(200);

/** A new transfer under a revoked agreement is refused at once: 409 INVALID_TRANSITION, nothing stored. */
async function expectRefusedStart(agreementId: string): Promise<void> {
  const before = await transferCount();
  const res = await consumer.api('/api/v1/transfers', pullUnder(agreementId));
  expect(res.status).toBe(409);
  expect((await res.json()) as { code: string; detail: string }).toMatchObject({ code: 'INVALID_TRANSITION', detail: expect.stringContaining('is revoked by its provider') });
  expect(await transferCount()).toBe(before);
}

describe("the provider's revocation of an agreement reaches the consumer's record of it", () => {
  it('through the termination of a running transfer: revoked by the provider, audited, and no new transfer starts', async () => {
    const agreementId = await negotiate(consumer, provider, 'a');
    const { id } = await startTransfer(consumer, provider, { agreementId, transferType: 'HttpData-PULL', purpose: RESEARCH });
    const ended = transferReached(consumer, (e) => e.id === id && e.to === 'TERMINATED');
    await revoke(provider, agreementId);
    await ended;
    const seen = await agreementAt(consumer, agreementId);
    expect(seen).toMatchObject({ status: 'revoked', revokedBy: provider.connector.config.participantId });
    expect(seen.revokedAt).not.toBeNull();
    expect(seen.revocationReason).toContain('kontor:agreement-revoked');
    const audit = (await (await consumer.api(`/api/v1/audit?agreementId=${encodeURIComponent(agreementId)}&limit=500`)).json()) as {
      items: { type: string; actor: string }[];
    };
    expect(audit.items.filter((e) => e.type === 'agreement.revocation').map((e) => e.actor)).toEqual([provider.connector.config.participantId]);
    await expectRefusedStart(agreementId);
  });

  it("through the provider's refusal of a transfer requested after the revocation (nothing was running to end)", async () => {
    const agreementId = await negotiate(consumer, provider, 'a');
    await revoke(provider, agreementId);
    expect((await agreementAt(consumer, agreementId)).status).toBe('active'); // nothing told the consumer yet
    const ended = transferReached(consumer, (e) => e.role === 'consumer' && e.transfer.agreementId === agreementId && e.to === 'TERMINATED');
    expect((await consumer.api('/api/v1/transfers', pullUnder(agreementId))).status).toBe(201);
    expect((await ended).transfer.errorDetail).toMatch(/answered 403: agreement '.*' is revoked$/);
    expect(await agreementAt(consumer, agreementId)).toMatchObject({ status: 'revoked', revokedBy: provider.connector.config.participantId });
    await expectRefusedStart(agreementId);
  });

  it('never lets the provider of another agreement revoke this one, neither by its own revocation nor by a forged termination', async () => {
    const ours = await negotiate(consumer, provider, 'a');
    const running = await startTransfer(consumer, provider, { agreementId: ours, transferType: 'HttpData-PULL', purpose: RESEARCH });
    const theirs = await negotiate(consumer, hostile, 'a');
    const theirTransfer = await startTransfer(consumer, hostile, { agreementId: theirs, transferType: 'HttpData-PULL', purpose: RESEARCH });
    // A termination with the revocation code for our transfer with the other provider, sent by the hostile one.
    const forged = await fetch(`${consumer.publicUrl}/api/dsp/transfers/${encodeURIComponent(running.id)}/termination`, {
      method: 'POST',
      headers: { authorization: `Dev ${hostile.connector.config.participantId}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        '@context': ['https://w3id.org/dspace/2025/1/context.jsonld'],
        '@type': 'TransferTerminationMessage',
        providerPid: running.providerPid,
        consumerPid: running.id,
        code: 'kontor:agreement-revoked',
        reason: [`agreement ${ours} revoked`],
      }),
    });
    expect(forged.status).toBe(404);
    // The hostile provider revokes its own agreement: only that one is revoked here.
    const ended = transferReached(consumer, (e) => e.id === theirTransfer.id && e.to === 'TERMINATED');
    await revoke(hostile, theirs);
    await ended;
    expect(await agreementAt(consumer, theirs)).toMatchObject({ status: 'revoked', revokedBy: hostile.connector.config.participantId });
    expect(await agreementAt(consumer, ours)).toMatchObject({ status: 'active', revokedAt: null, revokedBy: null });
    const ourTransfer = (await (await consumer.api(`/api/v1/transfers/${encodeURIComponent(running.id)}`)).json()) as { state: string };
    expect(ourTransfer.state).toBe('STARTED');
    expect((await consumer.api('/api/v1/transfers', pullUnder(ours))).status).toBe(201);
  });
});
