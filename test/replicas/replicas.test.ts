import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClusterEvent } from '../../connector/cluster/index.js';
import { freePort } from '../helpers/connector-process.js';
import { startConnector, type RunningConnector } from '../helpers/start-connector.js';
import { testStoreConfig, TEST_PG_URL, type TestDatabase } from '../helpers/test-database.js';
import { edr, offerFiles, pullResearchData } from '../helpers/transfer-fixture.js';

/**
 * Two replicas of one provider (A and B: one participant id, one PostgreSQL schema, shared secrets) and a consumer.
 * Each replica has its own cluster bus connection, so every event below crosses PostgreSQL LISTEN/NOTIFY.
 * The monitor's timer and the catalog cache are set far beyond the test's life: only the events can explain what happens.
 */
const PROVIDER = 'did:web:replicas.provider.test';
const SIZE = 32 * 1024 * 1024;
let a: RunningConnector;
let b: RunningConnector;
let consumer: RunningConnector;
let location: TestDatabase | undefined;
let dataRoot: string;

beforeAll(async () => {
  if (!TEST_PG_URL) return;
  dataRoot = mkdtempSync(join(tmpdir(), 'kontor-replicas-'));
  writeFileSync(join(dataRoot, 'big.bin'), Buffer.alloc(SIZE, 7));
  location = testStoreConfig('postgres');
  const aPort = await freePort();
  const shared = {
    participantId: PROVIDER,
    'publicApi.url': `http://127.0.0.1:${aPort}`, // one public address for both (checked at start): A's stands in for a proxy's
    'store.kind': 'postgres',
    'store.url': TEST_PG_URL,
    'store.schema': location.config.schema,
    'dataPlane.tokenSecret': randomBytes(32).toString('hex'),
    'usage.artifactKek': randomBytes(32).toString('base64'),
    'dataPlane.fileRoot': dataRoot,
    'training.artifactDir': join(dataRoot, 'artifacts'), // replicas share their artifact storage (checked at start)
    'stateMachine.retryBaseMs': 20,
    'usage.monitorIntervalMs': 3_600_000,
    'dsp.catalogCacheTtlMs': 3_600_000,
  };
  a = await startConnector('sqlite', {}, shared, aPort);
  b = await startConnector('sqlite', {}, shared); // after A: concurrent first starts are the migration lock's business
  consumer = await startConnector('sqlite', {}, { 'stateMachine.retryBaseMs': 20 });
  await offerFiles(a, [{ id: 'big', path: 'big.bin' }]);
});
afterAll(async () => {
  for (const c of [consumer, b, a]) await c?.stop();
  await location?.cleanup();
  if (dataRoot) rmSync(dataRoot, { recursive: true, force: true });
});

/** Resolves on the first cluster event on `replica` that matches. */
function heard(replica: RunningConnector, match: (e: ClusterEvent) => boolean): Promise<ClusterEvent> {
  return new Promise((resolve) => {
    const off = replica.connector.cluster.subscribe((e) => {
      if (match(e)) {
        off();
        resolve(e);
      }
    });
  });
}

/** Opens the pull on replica A (as a proxy would route it) and reads its first bytes; the rest waits, unread. */
async function pullOnA(consumerTransferId: string): Promise<ReadableStreamDefaultReader<Uint8Array>> {
  const e = await edr(consumer, consumerTransferId);
  const res = await fetch(`${a.publicUrl}${new URL(e.endpoint).pathname}`, { headers: { authorization: `Bearer ${e.token}` } });
  expect(res.status).toBe(200);
  if (!res.body) throw new Error('the pull answered without a body');
  const reader = res.body.getReader();
  const first = await reader.read();
  expect(first.done).toBe(false);
  return reader;
}

/** Reads the rest: how many bytes arrived and whether the stream ended early with an error. */
async function drain(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<{ bytes: number; cut: boolean }> {
  let bytes = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return { bytes, cut: false };
      bytes += value.byteLength;
    }
  } catch {
    return { bytes, cut: true };
  }
}

describe.skipIf(!TEST_PG_URL)('two replicas of one provider on one PostgreSQL schema', () => {
  it('should cut a pull served by replica A when the agreement is revoked through replica B', async () => {
    const { id, providerPid, agreementId } = await pullResearchData(consumer, `${a.publicUrl}/api/dsp`, PROVIDER);
    const reader = await pullOnA(id);
    const cutOnA = heard(a, (e) => e.kind === 'transfer.cut' && e.transferId === providerPid);
    const revoked = await b.api(`/api/v1/agreements/${encodeURIComponent(agreementId)}/revoke`, { method: 'POST' });
    expect(revoked.status).toBe(200);
    expect(await cutOnA).toMatchObject({ kind: 'transfer.cut' });
    const rest = await drain(reader);
    expect(rest.cut).toBe(true);
    expect(rest.bytes).toBeLessThan(SIZE);
  });

  it('should cut a pull served by replica A when the provider terminates the transfer through replica B', async () => {
    const { id, providerPid } = await pullResearchData(consumer, `${a.publicUrl}/api/dsp`, PROVIDER);
    const reader = await pullOnA(id);
    const cutOnA = heard(a, (e) => e.kind === 'transfer.cut' && e.transferId === providerPid);
    const terminated = await b.api(`/api/v1/transfers/${encodeURIComponent(providerPid)}/terminate`, { method: 'POST', json: { reason: 'replica test' } });
    expect(terminated.status).toBe(200);
    expect(await cutOnA).toMatchObject({ reason: expect.stringContaining('TERMINATING') });
    expect((await drain(reader)).cut).toBe(true);
  });

  it('should cut a pull served by replica A when the consumer is suspended through replica B, and at once', async () => {
    const { id, providerPid } = await pullResearchData(consumer, `${a.publicUrl}/api/dsp`, PROVIDER);
    const reader = await pullOnA(id);
    const suspendedOnA = heard(a, (e) => e.kind === 'suspension.changed');
    const cutOnA = heard(a, (e) => e.kind === 'transfer.cut' && e.transferId === providerPid);
    const consumerId = consumer.connector.config.participantId;
    const res = await b.api('/api/v1/suspensions', { method: 'POST', json: { participantId: consumerId, reason: 'replica test' } });
    expect(res.status).toBe(201);
    expect(await suspendedOnA).toMatchObject({ participantId: consumerId });
    await cutOnA;
    expect((await drain(reader)).cut).toBe(true);
    expect((await b.api(`/api/v1/suspensions/${encodeURIComponent(consumerId)}`, { method: 'DELETE' })).status).toBeLessThan(300);
  });

  it('should serve a new offer written through A from B’s catalog at once, its cache notwithstanding', async () => {
    const marker = `https://w3id.org/kontor/purpose/replica-${randomBytes(4).toString('hex')}`;
    const catalogOfB = async () =>
      JSON.stringify(
        await (await consumer.api('/api/v1/catalog/request', { method: 'POST', json: { counterPartyAddress: `${b.publicUrl}/api/dsp`, counterPartyId: PROVIDER } })).json(),
      );
    expect(await catalogOfB()).not.toContain(marker); // B has cached its definitions now
    const changedOnB = heard(b, (e) => e.kind === 'catalog.changed');
    const policy = { '@type': 'Set', permission: [{ action: 'use', constraint: [{ leftOperand: 'purpose', operator: 'isA', rightOperand: marker }] }] };
    expect((await a.api('/api/v1/policies', { method: 'POST', json: { id: 'marked', policy } })).status).toBe(201);
    expect(
      (await a.api('/api/v1/contract-definitions', { method: 'POST', json: { id: 'cd-marked', accessPolicyId: 'open', contractPolicyId: 'marked', assetsSelector: [] } })).status,
    ).toBe(201);
    await changedOnB;
    expect(await catalogOfB()).toContain(marker);
  });

  it('should flush the identity caches of every replica when one is asked to', async () => {
    const flushedOnA = heard(a, (e) => e.kind === 'identity.flushed');
    expect((await b.api('/api/v1/identity/cache/flush', { method: 'POST' })).status).toBe(204);
    expect(await flushedOnA).toEqual({ kind: 'identity.flushed' });
  });
});
