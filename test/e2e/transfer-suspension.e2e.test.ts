import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConnector, type RunningConnector } from '../helpers/start-connector.js';
import { BACKENDS } from '../helpers/test-database.js';
import { edr, negotiate, offerFiles, pull, RESEARCH, startTransfer, transferReached } from '../helpers/transfer-fixture.js';

const CTX = ['https://w3id.org/dspace/2025/1/context.jsonld'];
const HTTP = 'https://w3id.org/idsa/v4.1/HTTP';

/** Who may lift a suspension, and what becomes of the tokens issued before it, between two connectors over HTTP. */
describe.each(BACKENDS)('transfer suspensions between two connectors on $backend', ({ backend, skip }) => {
  let provider: RunningConnector;
  let consumer: RunningConnector;
  let dataRoot: string;

  beforeAll(async () => {
    if (skip) return;
    dataRoot = mkdtempSync(join(tmpdir(), 'kontor-suspension-'));
    writeFileSync(join(dataRoot, 'penguins.csv'), 'species,island\nAdelie,Torgersen\n');
    provider = await startConnector(backend, {}, { 'stateMachine.retryBaseMs': 20, 'dataPlane.fileRoot': dataRoot });
    consumer = await startConnector(backend, {}, { 'stateMachine.retryBaseMs': 20 });
    await offerFiles(provider, [{ id: 'penguins', path: 'penguins.csv', mediaType: 'text/csv' }]);
  });
  afterAll(async () => {
    await consumer?.stop();
    await provider?.stop();
    if (dataRoot) rmSync(dataRoot, { recursive: true, force: true });
  });

  /** A DSP message as the consumer, straight to the provider's protocol endpoint (development identity: the caller names its DID). */
  const asConsumer = async (path: string, body: Record<string, unknown>) => {
    const res = await fetch(`${provider.publicUrl}/api/dsp/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Dev ${consumer.connector.config.participantId}` },
      body: JSON.stringify({ '@context': CTX, ...body }),
    });
    return { status: res.status, body: (await res.json()) as { '@type': string; reason: string[] } };
  };
  const providerState = async (providerPid: string) => ((await (await provider.api(`/api/v1/transfers/${encodeURIComponent(providerPid)}`)).json()) as { state: string }).state;

  it.skipIf(skip)("should keep a provider's suspension the provider's to lift, and kill the tokens issued before it", async () => {
    const agreementId = await negotiate(consumer, provider, 'penguins');
    const { id, providerPid } = await startTransfer(consumer, provider, { agreementId, transferType: 'HttpData-PULL', purpose: RESEARCH });
    const before = await edr(consumer, id);
    expect((await pull(before)).status).toBe(200);

    const suspended = Promise.all([
      transferReached(consumer, (x) => x.id === id && x.to === 'SUSPENDED'),
      transferReached(provider, (x) => x.id === providerPid && x.to === 'SUSPENDED'),
    ]);
    expect((await provider.api(`/api/v1/transfers/${encodeURIComponent(providerPid)}/suspend`, { method: 'POST', json: { reason: 'audit' } })).status).toBe(200);
    await suspended;

    // The consumer's resume: refused at the provider (a DSP 400) and, through its own API, before it is sent (409).
    const pids = { providerPid, consumerPid: id };
    const refused = await asConsumer(`transfers/${encodeURIComponent(providerPid)}/start`, { '@type': 'TransferStartMessage', ...pids });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ '@type': 'TransferError', reason: [expect.stringMatching(/the provider suspended this transfer/)] });
    expect((await consumer.api(`/api/v1/transfers/${encodeURIComponent(id)}/resume`, { method: 'POST' })).status).toBe(409);
    expect(await providerState(providerPid)).toBe('SUSPENDED');
    expect((await pull(before)).status).toBe(403);

    // A data address in a consumer's start is the provider's to announce: refused, naming it.
    const dataAddress = { '@type': 'DataAddress', endpointType: HTTP, endpoint: 'https://consumer.test/elsewhere' };
    const withAddress = await asConsumer(`transfers/${encodeURIComponent(providerPid)}/start`, { '@type': 'TransferStartMessage', ...pids, dataAddress });
    expect(withAddress.status).toBe(400);
    expect(withAddress.body.reason[0]).toMatch(/^\/dataAddress: /);

    // The provider resumes: its start brings a fresh token; the one from before the suspension stays dead.
    const resumed = Promise.all([
      transferReached(consumer, (x) => x.id === id && x.to === 'STARTED'),
      transferReached(provider, (x) => x.id === providerPid && x.to === 'STARTED'),
    ]);
    expect((await provider.api(`/api/v1/transfers/${encodeURIComponent(providerPid)}/resume`, { method: 'POST' })).status).toBe(200);
    await resumed;
    expect((await pull(before)).status).toBe(401);
    const fresh = await edr(consumer, id);
    expect(fresh.token).not.toBe(before.token);
    expect((await pull(fresh)).status).toBe(200);
  });

  it.skipIf(skip)('should refuse a push destination whose credential would inject a header, naming the property', async () => {
    const refused = await asConsumer('transfers/request', {
      '@type': 'TransferRequestMessage',
      consumerPid: 'urn:uuid:injected',
      agreementId: 'urn:uuid:any',
      format: 'HttpData-PUSH',
      callbackAddress: `${consumer.publicUrl}/api/dsp`,
      dataAddress: {
        '@type': 'DataAddress',
        endpointType: HTTP,
        endpoint: `${consumer.publicUrl}/inbox`,
        endpointProperties: [{ '@type': 'EndpointProperty', name: 'authorization', value: 'bad\r\nX-Injected: 1' }],
      },
    });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ '@type': 'TransferError', reason: [expect.stringMatching(/\/dataAddress\/endpointProperties\/0\/value \(authorization\)/)] });
    expect((await (await provider.api('/api/v1/transfers')).json()) as { items: { consumerPid: string }[] }).not.toMatchObject({
      items: expect.arrayContaining([expect.objectContaining({ consumerPid: 'urn:uuid:injected' })]),
    });
  });
});
