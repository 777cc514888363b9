import express from 'express';
import type { Server } from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ContractAgreement } from '../../connector/negotiation/agreement/contract-agreement.js';
import type { ContractNegotiation } from '../../connector/negotiation/contract-negotiation.js';
import { httpDataAddress } from '../../connector/transfer/data-address.js';
import { checkTransferMessage } from '../../connector/transfer/transfer-message-checks.js';
import { transferMessages } from '../../connector/transfer/transfer-messages.js';
import { DSP_TRANSFER_STATES } from '../../connector/transfer/transfer-state.js';
import { describeWithDspSchemas } from '../helpers/dsp-schema-location.js';
import { DSP_EXAMPLES, readDspExample, validateDspEverywhere } from '../helpers/dsp-schemas.js';
import { startConnector, type RunningConnector } from '../helpers/start-connector.js';

type Json = Record<string, unknown>;
const pids = { providerPid: 'urn:uuid:a343fcbf-99fc-4ce8-8e9b-148c97605aab', consumerPid: 'urn:uuid:32541fe6-c580-409e-85a8-8a9a32fbe833' };

/** Every schema set that has the message's schema must accept it; at least the 2025-1 set must have it. */
function expectValid(type: string, json: unknown): void {
  const results = validateDspEverywhere(type, json);
  expect(results['2025-1'], `no 2025-1 schema for ${type}`).toBeDefined();
  for (const [set, r] of Object.entries(results)) expect(r?.errors, `${type} against ${set}`).toEqual([]);
}

describeWithDspSchemas('transfer messages we build', () => {
  const pull = httpDataAddress({ endpoint: 'https://p.example/api/data/x', authorization: 'tok', authType: 'bearer', refreshEndpoint: 'https://p.example/api/data/x/token' });
  it.each([
    [
      'TransferRequestMessage',
      transferMessages.request({ consumerPid: pids.consumerPid, agreementId: 'urn:uuid:1', format: 'HttpData-PULL', callbackAddress: 'https://c.example/api/dsp' }),
    ],
    [
      'TransferRequestMessage',
      transferMessages.request({
        consumerPid: pids.consumerPid,
        agreementId: 'urn:uuid:1',
        format: 'HttpData-PUSH',
        callbackAddress: 'https://c.example/api/dsp',
        dataAddress: httpDataAddress({ endpoint: 'https://sink.example/in', authorization: 's' }),
        purpose: 'https://w3id.org/kontor/purpose/research',
      }),
    ],
    ['TransferStartMessage', transferMessages.start({ ...pids, dataAddress: pull })],
    ['TransferStartMessage', transferMessages.start(pids)],
    ['TransferSuspensionMessage', transferMessages.suspension({ ...pids, code: 'suspended', reason: ['pause'] })],
    ['TransferCompletionMessage', transferMessages.completion(pids)],
    ['TransferTerminationMessage', transferMessages.termination({ ...pids, code: 'terminated', reason: ['done'] })],
    ['TransferError', transferMessages.error({ ...pids, code: '400', reason: ['cannot move'] })],
    ...DSP_TRANSFER_STATES.map((state) => ['TransferProcess', transferMessages.ack({ ...pids, state })] as [string, Json]),
  ])('%s should be valid against the official schemas', (type, message) => {
    expectValid(type, message);
    if (type !== 'TransferError' && type !== 'TransferProcess') expect(() => checkTransferMessage(type as Parameters<typeof checkTransferMessage>[0], message)).not.toThrow();
  });

  it('should accept every upstream transfer example with its own checks', () => {
    const examples = Object.entries(DSP_EXAMPLES).filter(([path, type]) => path.startsWith('transfer/') && type.endsWith('Message'));
    expect(examples.length).toBe(5);
    for (const [path, type] of examples) expect(() => checkTransferMessage(type as Parameters<typeof checkTransferMessage>[0], readDspExample(path)), path).not.toThrow();
  });
});

/** A fake DSP peer on loopback that records every message and answers like a well-behaved counterparty. */
async function fakePeer(answer: (path: string, body: Json) => { status: number; body?: Json }) {
  const seen: { path: string; body: Json; authorization: string | undefined }[] = [];
  const waiters: { type: string; resolve: (b: Json) => void }[] = [];
  const app = express();
  app.use(express.json({ type: () => true }));
  app.use((req, res) => {
    const body = (req.body ?? {}) as Json;
    seen.push({ path: decodeURIComponent(req.path), body, authorization: req.get('authorization') });
    const waiting = waiters.findIndex((w) => w.type === body['@type']);
    if (waiting >= 0) waiters.splice(waiting, 1)[0]?.resolve(body);
    const a = answer(req.path, body);
    res.status(a.status).json(a.body ?? {});
  });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    seen,
    next: (type: string) => new Promise<Json>((resolve) => waiters.push({ type, resolve })),
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

const dsp = (c: RunningConnector, path: string, as: string, body?: Json) =>
  fetch(`${c.publicUrl}/api/dsp${path}`, {
    method: body ? 'POST' : 'GET',
    headers: { authorization: `Dev ${as}`, 'content-type': 'application/json' },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });

async function expectAnswer(res: Response, status: number, type: 'TransferProcess' | 'TransferError'): Promise<Json> {
  const body = (await res.json()) as Json;
  expect(res.status, JSON.stringify(body)).toBe(status);
  expect(body['@type']).toBe(type);
  expectValid(type, body);
  return body;
}

function seed(c: RunningConnector, input: { negotiationId: string; agreementId: string; provider: string; consumer: string; role: 'provider' | 'consumer' }): Promise<unknown> {
  const now = 1_700_000_000_000;
  const negotiation: ContractNegotiation = {
    id: input.negotiationId,
    role: input.role,
    state: 'FINALIZED',
    stateCount: 1,
    stateTimestamp: now,
    nextAttemptAt: now,
    pending: false,
    version: 0,
    createdAt: now,
    updatedAt: now,
    consumerPid: 'urn:uuid:c',
    providerPid: 'urn:uuid:p',
    counterPartyId: input.role === 'provider' ? input.consumer : input.provider,
    counterPartyAddress: 'http://127.0.0.1:9/api/dsp',
    offer: { '@id': 'urn:kontor:offer:x', permission: [{ action: 'use' }] },
    agreementId: input.agreementId,
    handledMessages: [],
    history: [],
  };
  const agreement: ContractAgreement = {
    id: input.agreementId,
    negotiationId: input.negotiationId,
    assigner: input.provider,
    assignee: input.consumer,
    assetId: 'penguins',
    signedAt: now,
    status: 'active',
    policy: {
      '@id': input.agreementId,
      '@type': 'Agreement',
      permission: [{ action: 'use' }],
      target: 'penguins',
      assigner: input.provider,
      assignee: input.consumer,
      timestamp: '2023-11-14T22:13:20Z',
    },
  };
  // The agreed dataset: the provider serves only the formats of its data-address type (transfer-formats.ts).
  const asset = { id: 'penguins', properties: { title: 'Penguins' }, dataAddress: { type: 'HttpData', baseUrl: 'http://127.0.0.1:9/penguins' } };
  return Promise.all([
    c.connector.stores.negotiations.save(negotiation),
    c.connector.stores.agreements.save(agreement),
    ...(input.role === 'provider' ? [c.connector.stores.assets.create(asset)] : []),
  ]);
}

describeWithDspSchemas('the provider role on the wire, driven like the TCK', () => {
  const CONSUMER = 'did:web:consumer.test';
  let provider: RunningConnector;
  let peer: Awaited<ReturnType<typeof fakePeer>>;
  beforeAll(async () => {
    provider = await startConnector('sqlite');
    peer = await fakePeer(() => ({ status: 200 }));
    await seed(provider, { negotiationId: 'urn:uuid:n1', agreementId: 'urn:uuid:ag1', provider: provider.connector.config.participantId, consumer: CONSUMER, role: 'provider' });
  });
  afterAll(async () => {
    await provider?.stop();
    await peer?.close();
  });
  const request = (consumerPid: string, extra: Json = {}) =>
    transferMessages.request({ consumerPid, agreementId: 'urn:uuid:ag1', format: 'HttpData-PULL', callbackAddress: `${peer.url}/cb/`, ...extra });

  it('should run request → start → suspension → resume → termination with schema-valid messages both ways', async () => {
    const started = peer.next('TransferStartMessage');
    const ack = await expectAnswer(await dsp(provider, '/transfers/request', CONSUMER, request('urn:uuid:tp1')), 201, 'TransferProcess');
    expect(ack).toMatchObject({ consumerPid: 'urn:uuid:tp1', state: 'REQUESTED' });
    const pid = String(ack.providerPid);
    const start = await started;
    expectValid('TransferStartMessage', start);
    expect(start).toMatchObject({ providerPid: pid, consumerPid: 'urn:uuid:tp1', dataAddress: { endpointType: 'https://w3id.org/idsa/v4.1/HTTP' } });
    expect(peer.seen.at(-1)?.path).toBe('/cb/transfers/urn:uuid:tp1/start');

    const again = await expectAnswer(await dsp(provider, '/transfers/request', CONSUMER, request('urn:uuid:tp1')), 200, 'TransferProcess'); // the existing process, not created
    expect(again.providerPid).toBe(pid);
    expect(await expectAnswer(await dsp(provider, `/transfers/${pid}`, CONSUMER), 200, 'TransferProcess')).toMatchObject({ state: 'STARTED' });
    await expectAnswer(await dsp(provider, `/transfers/${pid}`, 'did:web:stranger.test'), 404, 'TransferError');
    await expectAnswer(await dsp(provider, '/transfers/urn:uuid:nope', CONSUMER), 404, 'TransferError');

    const p = { providerPid: pid, consumerPid: 'urn:uuid:tp1' };
    expect(
      await expectAnswer(await dsp(provider, `/transfers/${pid}/suspension`, CONSUMER, transferMessages.suspension({ ...p, reason: ['pause'] })), 200, 'TransferProcess'),
    ).toMatchObject({ state: 'SUSPENDED' });
    expect(await expectAnswer(await dsp(provider, `/transfers/${pid}/completion`, CONSUMER, transferMessages.completion(p)), 400, 'TransferError')).toMatchObject(p);
    expect(await expectAnswer(await dsp(provider, `/transfers/${pid}/start`, CONSUMER, transferMessages.start(p)), 200, 'TransferProcess')).toMatchObject({ state: 'STARTED' });

    const terminated = peer.next('TransferTerminationMessage');
    expect((await provider.api(`/api/v1/transfers/${encodeURIComponent(pid)}/terminate`, { method: 'POST', json: { reason: 'bye' } })).status).toBe(200);
    expectValid('TransferTerminationMessage', await terminated);
    await expectAnswer(await dsp(provider, `/transfers/${pid}/completion`, CONSUMER, transferMessages.completion(p)), 400, 'TransferError');
  });

  it.each([
    ['an unknown agreement', () => request('urn:uuid:tp2', { agreementId: 'urn:uuid:ghost' })],
    ['an unsupported format', () => request('urn:uuid:tp3', { format: 'Kafka-PUSH' })],
    ['a push without a dataAddress', () => request('urn:uuid:tp4', { format: 'HttpData-PUSH' })],
    ['a message without consumerPid', () => ({ ...request('x'), consumerPid: undefined })],
    ['a callbackAddress that is not a URL', () => request('urn:uuid:tp5', { callbackAddress: 'not a url' })],
  ])('should refuse %s with a 400 TransferError', async (_what, body) => {
    await expectAnswer(await dsp(provider, '/transfers/request', CONSUMER, JSON.parse(JSON.stringify(body())) as Json), 400, 'TransferError');
  });

  it("should refuse a caller that is not the agreement's consumer as if the agreement did not exist", async () => {
    await expectAnswer(await dsp(provider, '/transfers/request', 'did:web:stranger.test', request('urn:uuid:tp6')), 400, 'TransferError');
  });
});

describeWithDspSchemas('the consumer role on the wire, against a fake provider', () => {
  const PROVIDER = 'did:web:provider.test';
  let consumer: RunningConnector;
  let peer: Awaited<ReturnType<typeof fakePeer>>;
  beforeAll(async () => {
    consumer = await startConnector('sqlite');
    peer = await fakePeer((path, body) =>
      path === '/dsp/transfers/request'
        ? { status: 201, body: transferMessages.ack({ providerPid: 'urn:uuid:prov-1', consumerPid: String(body.consumerPid), state: 'REQUESTED' }) }
        : { status: 200 },
    );
    await seed(consumer, { negotiationId: 'urn:uuid:n2', agreementId: 'urn:uuid:ag2', provider: PROVIDER, consumer: consumer.connector.config.participantId, role: 'consumer' });
  });
  afterAll(async () => {
    await consumer?.stop();
    await peer?.close();
  });

  it("should send schema-valid messages and answer the provider's with schema-valid acks", async () => {
    const requested = peer.next('TransferRequestMessage');
    const res = await consumer.api('/api/v1/transfers', {
      method: 'POST',
      json: { agreementId: 'urn:uuid:ag2', transferType: 'HttpData-PULL', counterPartyAddress: `${peer.url}/dsp` },
    });
    const { id } = (await res.json()) as { id: string };
    const request = await requested;
    expectValid('TransferRequestMessage', request);
    expect(request).toMatchObject({ consumerPid: id, agreementId: 'urn:uuid:ag2', format: 'HttpData-PULL', callbackAddress: `${consumer.publicUrl}/api/dsp` });
    expect(peer.seen.at(-1)?.authorization).toBe(`Dev ${consumer.connector.config.participantId}`);

    const p = { providerPid: 'urn:uuid:prov-1', consumerPid: id };
    const address = httpDataAddress({ endpoint: 'http://127.0.0.1:9/data', authorization: 'opaque-token' });
    await expectAnswer(await dsp(consumer, `/transfers/${id}/start`, 'did:web:stranger.test', transferMessages.start({ ...p, dataAddress: address })), 404, 'TransferError');
    await expectAnswer(await dsp(consumer, `/transfers/${id}/start`, PROVIDER, transferMessages.start(p)), 400, 'TransferError');
    expect(
      await expectAnswer(await dsp(consumer, `/transfers/${id}/start`, PROVIDER, transferMessages.start({ ...p, dataAddress: address })), 200, 'TransferProcess'),
    ).toMatchObject({ state: 'STARTED' });
    expect(await expectAnswer(await dsp(consumer, `/transfers/${id}`, PROVIDER), 200, 'TransferProcess')).toMatchObject({ ...p, state: 'STARTED' });
    expect(await (await consumer.api(`/api/v1/transfers/${encodeURIComponent(id)}/edr`)).json()).toMatchObject({
      endpoint: 'http://127.0.0.1:9/data',
      token: 'opaque-token',
      expiresAt: null,
    });

    for (const [command, type] of [
      ['suspend', 'TransferSuspensionMessage'],
      ['resume', 'TransferStartMessage'],
      ['complete', 'TransferCompletionMessage'],
    ] as const) {
      const sent = peer.next(type);
      const settled = new Promise<void>((resolve) => {
        const off = consumer.connector.events.on('transfer.stateChanged', (e) => {
          if (e.id !== id || e.to.endsWith('ING')) return;
          off();
          resolve();
        });
      });
      expect((await consumer.api(`/api/v1/transfers/${encodeURIComponent(id)}/${command}`, { method: 'POST' })).status).toBe(200);
      const message = await sent;
      expectValid(type, message);
      expect(message).toMatchObject(p);
      expect(peer.seen.at(-1)?.path).toMatch(/^\/dsp\/transfers\/urn:uuid:prov-1\/(suspension|start|completion)$/);
      await settled;
    }
    // A repeat is an invalid transition in DSP 2025-1 (the TCK expects it refused): 400, and the state stays.
    await expectAnswer(await dsp(consumer, `/transfers/${id}/completion`, PROVIDER, transferMessages.completion(p)), 400, 'TransferError');
    expect(((await (await consumer.api(`/api/v1/transfers/${encodeURIComponent(id)}`)).json()) as { state: string }).state).toBe('COMPLETED');
    await expectAnswer(await dsp(consumer, `/transfers/${id}/suspension`, PROVIDER, transferMessages.suspension(p)), 400, 'TransferError');
  });
});
