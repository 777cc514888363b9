import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConnector, type RunningConnector } from '../helpers/start-connector.js';
import { BACKENDS } from '../helpers/test-database.js';
import { edr, negotiate, offerFiles, pull, RESEARCH, startTransfer, transferReached } from '../helpers/transfer-fixture.js';

const small = randomBytes(64 * 1024 + 17);
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe.each(BACKENDS)('transfers between two connectors on $backend', ({ backend, skip }) => {
  let provider: RunningConnector;
  let consumer: RunningConnector;
  let dataRoot: string;
  let outside: string;
  let sink: Server;
  let sinkUrl: string;
  const received: { authorization: string | undefined; hash: string; bytes: number }[] = [];

  beforeAll(async () => {
    if (skip) return;
    dataRoot = mkdtempSync(join(tmpdir(), 'kontor-data-'));
    writeFileSync(join(dataRoot, 'penguins.bin'), small);
    // A path outside the root is refused when the asset is created; a symbolic link leading out only when data flows.
    outside = mkdtempSync(join(tmpdir(), 'kontor-outside-'));
    writeFileSync(join(outside, 'secret.bin'), 'not for peers');
    symlinkSync(join(outside, 'secret.bin'), join(dataRoot, 'secret.bin'));
    provider = await startConnector(backend, {}, { 'stateMachine.retryBaseMs': 20, 'dataPlane.fileRoot': dataRoot });
    consumer = await startConnector(backend, {}, { 'stateMachine.retryBaseMs': 20 });
    await offerFiles(provider, [
      { id: 'penguins', path: 'penguins.bin' },
      { id: 'secret', path: 'secret.bin' },
    ]);
    sink = createServer((req, res) => {
      const hash = createHash('sha256');
      let bytes = 0;
      req.on('data', (chunk: Buffer) => {
        hash.update(chunk);
        bytes += chunk.length;
      });
      req.on('end', () => {
        received.push({ authorization: req.headers.authorization, hash: hash.digest('hex'), bytes });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
    sinkUrl = `http://127.0.0.1:${(sink.address() as { port: number }).port}/inbox`;
  });
  afterAll(async () => {
    await consumer?.stop();
    await provider?.stop();
    await new Promise((resolve) => (sink ? sink.close(resolve) : resolve(undefined)));
    if (dataRoot) rmSync(dataRoot, { recursive: true, force: true });
    if (outside) rmSync(outside, { recursive: true, force: true });
  });

  it.skipIf(skip)('should pull through the EDR, and cut access on suspension and termination', async () => {
    const agreementId = await negotiate(consumer, provider, 'penguins');
    const { id, providerPid } = await startTransfer(consumer, provider, { agreementId, transferType: 'HttpData-PULL', purpose: RESEARCH });
    const e = await edr(consumer, id);
    const first = await pull(e);
    expect(first.status).toBe(200);
    expect(sha256(Buffer.from(await first.arrayBuffer()))).toBe(sha256(small));

    // Suspended by the consumer: once the provider knows, no data.
    const providerSuspended = Promise.all([
      transferReached(provider, (x) => x.id === providerPid && x.to === 'SUSPENDED'),
      transferReached(consumer, (x) => x.id === id && x.to === 'SUSPENDED'),
    ]);
    expect((await consumer.api(`/api/v1/transfers/${encodeURIComponent(id)}/suspend`, { method: 'POST', json: { reason: 'pause' } })).status).toBe(200);
    await providerSuspended;
    expect((await pull(e)).status).toBe(403);

    // Resumed by the consumer: the token from before its own suspension works again (its resume brings no new one);
    // the EDR read still fetches a fresh one (the consumer marks its token expired, for providers that kill it).
    const resumed = Promise.all([
      transferReached(provider, (x) => x.id === providerPid && x.to === 'STARTED'),
      transferReached(consumer, (x) => x.id === id && x.to === 'STARTED'),
    ]);
    expect((await consumer.api(`/api/v1/transfers/${encodeURIComponent(id)}/resume`, { method: 'POST' })).status).toBe(200);
    await resumed;
    expect((await pull(e)).status).toBe(200);
    const renewed = await edr(consumer, id);
    expect(renewed.token).not.toBe(e.token);
    expect((await pull(renewed)).status).toBe(200);

    // Suspended by the provider: cut the moment the management call returns, before the consumer hears of it.
    const consumerSuspended = Promise.all([
      transferReached(consumer, (x) => x.id === id && x.to === 'SUSPENDED'),
      transferReached(provider, (x) => x.id === providerPid && x.to === 'SUSPENDED'),
    ]);
    expect((await provider.api(`/api/v1/transfers/${encodeURIComponent(providerPid)}/suspend`, { method: 'POST' })).status).toBe(200);
    expect((await pull(renewed)).status).toBe(403);
    await consumerSuspended;
    const resumedByProvider = Promise.all([
      transferReached(consumer, (x) => x.id === id && x.to === 'STARTED'),
      transferReached(provider, (x) => x.id === providerPid && x.to === 'STARTED'),
    ]);
    expect((await provider.api(`/api/v1/transfers/${encodeURIComponent(providerPid)}/resume`, { method: 'POST' })).status).toBe(200);
    await resumedByProvider;
    const fresh = await edr(consumer, id);
    expect((await pull(fresh)).status).toBe(200);

    // Terminated by the consumer.
    const providerEnd = Promise.all([
      transferReached(provider, (x) => x.id === providerPid && x.to === 'TERMINATED'),
      transferReached(consumer, (x) => x.id === id && x.to === 'TERMINATED'),
    ]);
    expect((await consumer.api(`/api/v1/transfers/${encodeURIComponent(id)}/terminate`, { method: 'POST', json: { reason: 'done' } })).status).toBe(200);
    await providerEnd;
    expect((await pull(fresh)).status).toBe(403);
    expect((await consumer.api(`/api/v1/transfers/${encodeURIComponent(id)}/edr`)).status).toBe(409);
    const view = (await (await consumer.api(`/api/v1/transfers/${encodeURIComponent(id)}`)).json()) as { state: string; history: { state: string }[] };
    expect(view.state).toBe('TERMINATED');
    expect(view.history.map((h) => h.state)).toEqual([
      'REQUESTING',
      'REQUESTED',
      'STARTED',
      'SUSPENDING',
      'SUSPENDED',
      'RESUMING',
      'STARTED',
      'SUSPENDED',
      'STARTED',
      'TERMINATING',
      'TERMINATED',
    ]);
  });

  it.skipIf(skip)("should refuse a wrong token and another transfer's token", async () => {
    const agreementId = await negotiate(consumer, provider, 'penguins');
    const a = await startTransfer(consumer, provider, { agreementId, transferType: 'HttpData-PULL', purpose: RESEARCH });
    const b = await startTransfer(consumer, provider, { agreementId, transferType: 'HttpData-PULL', purpose: RESEARCH });
    const ea = await edr(consumer, a.id);
    const eb = await edr(consumer, b.id);
    expect((await pull(ea, 'not-a-token')).status).toBe(401);
    expect((await fetch(ea.endpoint)).status).toBe(401);
    expect((await pull(ea, eb.token)).status).toBe(401);
    expect((await pull(eb, `${eb.token.slice(0, -2)}xx`)).status).toBe(401);
    expect((await pull(eb)).status).toBe(200);
  });

  it.skipIf(skip)('should refuse a transfer without the purpose the contract policy asks for', async () => {
    const agreementId = await negotiate(consumer, provider, 'penguins');
    const end = transferReached(consumer, (x) => x.to === 'TERMINATED');
    await consumer.api('/api/v1/transfers', { method: 'POST', json: { agreementId, transferType: 'HttpData-PULL' } });
    expect((await end).transfer.errorDetail).toMatch(/PEER_REJECTED.*403/);
  });

  it.skipIf(skip)('should refuse a File data address whose symbolic link leads outside the data root', async () => {
    const agreementId = await negotiate(consumer, provider, 'secret');
    const { id } = await startTransfer(consumer, provider, { agreementId, transferType: 'HttpData-PULL', purpose: RESEARCH });
    const res = await pull(await edr(consumer, id));
    expect(res.status).toBe(403);
    expect(((await res.json()) as { detail: string }).detail).toMatch(/outside the data root/);
  });

  it.skipIf(skip)("should push to the consumer's endpoint with its credential, then complete", async () => {
    const agreementId = await negotiate(consumer, provider, 'penguins');
    const before = received.length;
    const completed = Promise.all([transferReached(consumer, (x) => x.to === 'COMPLETED'), transferReached(provider, (x) => x.to === 'COMPLETED')]);
    await consumer.api('/api/v1/transfers', {
      method: 'POST',
      json: { agreementId, transferType: 'HttpData-PUSH', purpose: RESEARCH, dataDestination: { endpoint: sinkUrl, authorization: 'sink-secret' } },
    });
    const [c] = await completed;
    expect(received.slice(before)).toEqual([{ authorization: 'Bearer sink-secret', hash: sha256(small), bytes: small.length }]);
    expect(c.transfer.history.map((h) => h.state)).toEqual(['REQUESTING', 'REQUESTED', 'STARTED', 'COMPLETED']);
  });

  it.skipIf(skip)('should end the transfers of a revoked agreement and cut their access at once', async () => {
    const agreementId = await negotiate(consumer, provider, 'penguins');
    const { id } = await startTransfer(consumer, provider, { agreementId, transferType: 'HttpData-PULL', purpose: RESEARCH });
    const e = await edr(consumer, id);
    expect((await pull(e)).status).toBe(200);
    const consumerEnd = transferReached(consumer, (x) => x.id === id && x.to === 'TERMINATED');
    expect((await provider.api(`/api/v1/agreements/${encodeURIComponent(agreementId)}/revoke`, { method: 'POST' })).status).toBe(200);
    expect((await pull(e)).status).toBe(403);
    const end = await consumerEnd;
    expect(end.transfer.terminationReason).toMatch(/revoked/);
    // The termination told the consumer (code kontor:agreement-revoked): a new transfer is refused at once, nothing sent.
    const again = await consumer.api('/api/v1/transfers', { method: 'POST', json: { agreementId, transferType: 'HttpData-PULL', purpose: RESEARCH } });
    expect(again.status).toBe(409);
    expect(((await again.json()) as { code: string }).code).toBe('INVALID_TRANSITION');
  });
});
