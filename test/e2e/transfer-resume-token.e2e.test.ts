import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConnector, type RunningConnector } from '../helpers/start-connector.js';
import { edr, negotiate, offerFiles, pull, RESEARCH, startTransfer, transferReached } from '../helpers/transfer-fixture.js';

/**
 * Which data tokens survive a resume, between two connectors over HTTP (one backend: the store only keeps the epoch,
 * transfer-suspension.e2e covers both). A consumer's resume brings it no new data address, so the token it read
 * before its own suspension must open the data again (EDC-style and older Kontor consumers keep their EDR); the
 * provider's resume sends a fresh token, and every token from before the provider's suspension stays dead.
 */
describe('data tokens across resumes between two connectors', () => {
  let provider: RunningConnector;
  let consumer: RunningConnector;
  let dataRoot: string;

  beforeAll(async () => {
    dataRoot = mkdtempSync(join(tmpdir(), 'kontor-resume-token-'));
    writeFileSync(join(dataRoot, 'penguins.csv'), 'species,island\nAdelie,Torgersen\n');
    provider = await startConnector('sqlite', {}, { 'stateMachine.retryBaseMs': 20, 'dataPlane.fileRoot': dataRoot });
    consumer = await startConnector('sqlite', {}, { 'stateMachine.retryBaseMs': 20 });
    await offerFiles(provider, [{ id: 'penguins', path: 'penguins.csv', mediaType: 'text/csv' }]);
  });
  afterAll(async () => {
    await consumer?.stop();
    await provider?.stop();
    if (dataRoot) rmSync(dataRoot, { recursive: true, force: true });
  });

  /** Resolves once both sides of the transfer reached `state`. */
  const both = (id: string, providerPid: string, state: string) =>
    Promise.all([transferReached(consumer, (x) => x.id === id && x.to === state), transferReached(provider, (x) => x.id === providerPid && x.to === state)]);
  const manage = (c: RunningConnector, id: string, action: 'suspend' | 'resume') =>
    c.api(`/api/v1/transfers/${encodeURIComponent(id)}/${action}`, { method: 'POST', ...(action === 'suspend' ? { json: { reason: 'pause' } } : {}) });

  it("should open the data again with the consumer's old token after its own resume, and never with one from before the provider's suspension", async () => {
    const agreementId = await negotiate(consumer, provider, 'penguins');
    const { id, providerPid } = await startTransfer(consumer, provider, { agreementId, transferType: 'HttpData-PULL', purpose: RESEARCH });
    const before = await edr(consumer, id);
    expect((await pull(before)).status).toBe(200);

    // The consumer suspends and resumes: the token it read before works again (no refresh, no new EDR needed).
    const suspendedByConsumer = both(id, providerPid, 'SUSPENDED');
    expect((await manage(consumer, id, 'suspend')).status).toBe(200);
    await suspendedByConsumer;
    expect((await pull(before)).status).toBe(403);
    const resumedByConsumer = both(id, providerPid, 'STARTED');
    expect((await manage(consumer, id, 'resume')).status).toBe(200);
    await resumedByConsumer;
    const again = await pull(before);
    expect(again.status).toBe(200);
    expect(await again.text()).toContain('Adelie');
    const read = await edr(consumer, id);
    expect((await pull(read)).status).toBe(200);

    // The provider suspends and resumes: its start brings a fresh token; every token from before stays dead.
    const suspendedByProvider = both(id, providerPid, 'SUSPENDED');
    expect((await manage(provider, providerPid, 'suspend')).status).toBe(200);
    await suspendedByProvider;
    const resumedByProvider = both(id, providerPid, 'STARTED');
    expect((await manage(provider, providerPid, 'resume')).status).toBe(200);
    await resumedByProvider;
    expect((await pull(before)).status).toBe(401);
    expect((await pull(read)).status).toBe(401);
    const fresh = await edr(consumer, id);
    expect(fresh.token).not.toBe(before.token);
    expect(fresh.token).not.toBe(read.token);
    expect((await pull(fresh)).status).toBe(200);
  });
});
