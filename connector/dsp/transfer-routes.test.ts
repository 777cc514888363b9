import express from 'express';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { ConnectorError } from '../../core/index.js';
import { CONSUMER, PROVIDER } from '../../test/helpers/provider-negotiation-harness.js';
import { transferUnit, type TransferUnit } from '../../test/helpers/transfer-unit.js';
import type { TransferDeps } from '../transfer/transfer-deps.js';
import { transferDspRouter } from './transfer-routes.js';

let unit: TransferUnit;
afterEach(async () => unit.close());
const CTX = ['https://w3id.org/dspace/2025/1/context.jsonld'];
const AS_PEER = 'Bearer peer';

/** The router on the unit's deps; `Bearer peer` is the counterparty of the seeded transfer's role, anything else another participant or nobody. */
async function app(peerId: string) {
  unit = await transferUnit();
  unit.deps.auth = {
    ...unit.deps.auth,
    authenticate: async (header?: string) => {
      if (header === AS_PEER) return { id: peerId, claims: { credentialTypes: [] } };
      if (header === 'Bearer other') return { id: 'did:web:other.test', claims: { credentialTypes: [] } };
      throw new ConnectorError('UNAUTHORIZED', { detail: 'no token' });
    },
  } as TransferDeps['auth'];
  return express().use('/dsp', transferDspRouter(unit.deps, 10_000));
}
const path = (id: string, tail = '') => `/dsp/transfers/${encodeURIComponent(id)}${tail}`;

describe('the transfer DSP routes', () => {
  it("GET /transfers/:pid: the caller's transfer with its DSP state", async () => {
    const server = await app(CONSUMER);
    const t = await unit.seed({
      role: 'provider',
      state: 'STARTING',
      history: [
        { state: 'REQUESTED', at: 0, cause: '' },
        { state: 'STARTING', at: 0, cause: '' },
      ],
    });
    const res = await request(server).get(path(t.id)).set('authorization', AS_PEER);
    expect([res.status, res.body]).toEqual([200, { '@context': CTX, '@type': 'TransferProcess', providerPid: t.id, consumerPid: t.consumerPid, state: 'REQUESTED' }]);
  });

  it.each([
    ['another participant', 'Bearer other'],
    ['an unauthenticated caller', undefined],
  ])('404 "not found" TransferError for %s (nothing is revealed)', async (_case, authorization) => {
    const server = await app(CONSUMER);
    const t = await unit.seed({ role: 'provider', state: 'STARTED' });
    const call = request(server).get(path(t.id));
    const res = await (authorization ? call.set('authorization', authorization) : call);
    expect([res.status, res.body]).toEqual([
      404,
      // A GET serves both roles: which of the two ids it names is not known, and the transfer tells no stranger.
      { '@context': CTX, '@type': 'TransferError', providerPid: 'urn:kontor:unknown', consumerPid: 'urn:kontor:unknown', code: '404', reason: ['not found'] },
    ]);
  });

  it('an error to a transfer the caller may see names its pids; our consumer pid never as the providerPid', async () => {
    const server = await app(PROVIDER);
    const t = await unit.seed({ role: 'consumer', state: 'REQUESTED', providerPid: 'urn:uuid:p-1' });
    const learning = await unit.seed({ role: 'consumer', state: 'REQUESTED' });
    for (const [s, tail] of [
      [t, '/start'],
      [t, '/termination'],
      [learning, '/suspension'],
    ] as const) {
      const res = await request(server).post(path(s.id, tail)).set('authorization', AS_PEER).set('content-type', 'application/json').send('{"oops');
      expect([tail, res.status, res.body.providerPid, res.body.consumerPid]).toEqual([tail, 400, s.providerPid ?? 'urn:kontor:unknown', s.id]);
    }
  });

  it.each([
    ['naming it its consumerPid', { providerPid: 'urn:uuid:theirs', consumerPid: 'urn:uuid:ours' }, 'urn:uuid:theirs', 'urn:uuid:ours'],
    ['naming it its providerPid', { providerPid: 'urn:uuid:ours' }, 'urn:uuid:ours', 'urn:kontor:unknown'],
    ['not naming it', { consumerPid: 'urn:uuid:theirs' }, 'urn:kontor:unknown', 'urn:uuid:theirs'],
  ])('404 for an unknown transfer, the message %s: the path pid only in the field the message gives it', async (_case, pids, providerPid, consumerPid) => {
    const server = await app(PROVIDER);
    const res = await request(server)
      .post(path('urn:uuid:ours', '/termination'))
      .set('authorization', AS_PEER)
      .send({ '@context': CTX, ...pids });
    expect([res.status, res.body.providerPid, res.body.consumerPid]).toEqual([404, providerPid, consumerPid]);
  });

  it('400 TransferError naming /dataAddress for a push start that carries one; the transfer is unchanged', async () => {
    const server = await app(PROVIDER);
    const t = await unit.seed({ role: 'consumer', state: 'REQUESTED', transferType: 'HttpData-PUSH', providerPid: 'urn:uuid:p-1' });
    const dataAddress = { '@type': 'DataAddress', endpointType: 'https://w3id.org/idsa/v4.1/HTTP', endpoint: 'http://provider.test/data' };
    const res = await request(server)
      .post(path(t.id, '/start'))
      .set('authorization', AS_PEER)
      .send({ '@context': CTX, '@type': 'TransferStartMessage', providerPid: 'urn:uuid:p-1', consumerPid: t.id, dataAddress });
    expect([res.status, res.body]).toEqual([
      400,
      {
        '@context': CTX,
        '@type': 'TransferError',
        providerPid: 'urn:uuid:p-1',
        consumerPid: t.id,
        code: '400',
        reason: ['/dataAddress: is not for an HttpData-PUSH transfer: the provider pushes to the address of our request'],
      },
    ]);
    expect(await unit.get(t.id)).toMatchObject({ state: 'REQUESTED', version: t.version });
  });

  it('POST …/suspension: 200 SUSPENDED; a repeat is 400 with the reason, naming both pids', async () => {
    const server = await app(PROVIDER);
    const t = await unit.seed({ role: 'consumer', state: 'STARTED', providerPid: 'urn:uuid:p-1' });
    const message = { '@context': CTX, '@type': 'TransferSuspensionMessage', providerPid: 'urn:uuid:p-1', consumerPid: t.id, reason: ['maintenance'] };
    const first = await request(server).post(path(t.id, '/suspension')).set('authorization', AS_PEER).send(message);
    expect([first.status, first.body.state]).toEqual([200, 'SUSPENDED']);
    const again = await request(server).post(path(t.id, '/suspension')).set('authorization', AS_PEER).send(message);
    expect([again.status, again.body]).toEqual([
      400,
      { '@context': CTX, '@type': 'TransferError', providerPid: 'urn:uuid:p-1', consumerPid: t.id, code: '400', reason: ['cannot move a SUSPENDED transfer to SUSPENDED'] },
    ]);
  });

  it('POST …/completion and …/termination: 200 with the new state', async () => {
    const server = await app(PROVIDER);
    const a = await unit.seed({ role: 'consumer', state: 'STARTED', providerPid: 'urn:uuid:p-1' });
    const b = await unit.seed({ role: 'consumer', state: 'REQUESTED', providerPid: 'urn:uuid:p-2' });
    const done = await request(server)
      .post(path(a.id, '/completion'))
      .set('authorization', AS_PEER)
      .send({ '@context': CTX, '@type': 'TransferCompletionMessage', providerPid: 'urn:uuid:p-1', consumerPid: a.id });
    const ended = await request(server)
      .post(path(b.id, '/termination'))
      .set('authorization', AS_PEER)
      .send({ '@context': CTX, '@type': 'TransferTerminationMessage', providerPid: 'urn:uuid:p-2', consumerPid: b.id });
    expect([done.status, done.body.state, ended.status, ended.body.state]).toEqual([200, 'COMPLETED', 200, 'TERMINATED']);
  });

  it("answers as consumer, before it knows the provider's pid, with the pid the provider's message named, never a placeholder", async () => {
    const server = await app(PROVIDER);
    const t = await unit.seed({ role: 'consumer', state: 'REQUESTED' });
    expect(t.providerPid).toBeUndefined();
    const res = await request(server)
      .post(path(t.id, '/termination'))
      .set('authorization', AS_PEER)
      .send({ '@context': CTX, '@type': 'TransferTerminationMessage', providerPid: 'urn:uuid:p-9', consumerPid: t.id, reason: ['no'] });
    expect([res.status, res.body]).toEqual([200, { '@context': CTX, '@type': 'TransferProcess', providerPid: 'urn:uuid:p-9', consumerPid: t.id, state: 'TERMINATED' }]);
  });

  it.each([
    ['provider', CONSUMER, { providerPid: 'urn:uuid:someone-else' }],
    ['provider', CONSUMER, { consumerPid: 'urn:uuid:not-mine' }],
    ['consumer', PROVIDER, { providerPid: 'urn:uuid:someone-else' }],
    ['consumer', PROVIDER, { consumerPid: 'urn:uuid:not-mine' }],
  ] as const)('404 when a message to our %s transfer names another process than its path (%#), and nothing changes', async (role, peer, pids) => {
    const server = await app(peer);
    const t = await unit.seed(role === 'provider' ? { role, state: 'STARTED' } : { role, state: 'STARTED', providerPid: 'urn:uuid:p-1' });
    const own = { providerPid: t.providerPid, consumerPid: t.consumerPid };
    const res = await request(server)
      .post(path(t.id, '/completion'))
      .set('authorization', AS_PEER)
      .send({ '@context': CTX, '@type': 'TransferCompletionMessage', ...own, ...pids });
    expect([res.status, res.body.code, res.body.reason]).toEqual([404, '404', ['not found']]);
    expect((await unit.get(t.id)).version).toBe(t.version);
    const right = await request(server)
      .post(path(t.id, '/completion'))
      .set('authorization', AS_PEER)
      .send({ '@context': CTX, '@type': 'TransferCompletionMessage', ...own });
    expect([right.status, right.body.state]).toEqual([200, 'COMPLETED']);
  });

  it('400 VALIDATION_FAILED reason for a malformed message; the transfer is unchanged', async () => {
    const server = await app(PROVIDER);
    const t = await unit.seed({ role: 'consumer', state: 'STARTED', providerPid: 'urn:uuid:p-1' });
    const res = await request(server)
      .post(path(t.id, '/completion'))
      .set('authorization', AS_PEER)
      .send({ '@context': CTX, '@type': 'TransferCompletionMessage', providerPid: 'urn:uuid:p-1' });
    expect([res.status, res.body['@type'], res.body.reason[0]]).toEqual([400, 'TransferError', expect.stringMatching(/^invalid TransferCompletionMessage: .*consumerPid/)]);
    expect((await unit.get(t.id)).version).toBe(t.version);
  });

  it('POST /transfers/request unauthenticated: 404, its body not read (its pid not echoed), nothing stored', async () => {
    const server = await app(CONSUMER);
    const res = await request(server)
      .post('/dsp/transfers/request')
      .send({ '@context': CTX, '@type': 'TransferRequestMessage', consumerPid: 'urn:uuid:c-1', agreementId: 'a-1', format: 'HttpData-PULL', callbackAddress: unit.peer.url });
    expect([res.status, res.body.consumerPid, res.body.reason]).toEqual([404, 'urn:kontor:unknown', ['not found']]);
    expect((await unit.stores.transfers.list({ offset: 0, limit: 10 })).total).toBe(0);
    const broken = await request(server).post('/dsp/transfers/request').set('content-type', 'application/json').send('{"oops');
    expect([broken.status, broken.body['@type']]).toEqual([404, 'TransferError']);
  });

  it('POST /transfers/request repeating the request that made a live process: 200 (not 201 Created) with that process, nothing new stored', async () => {
    const server = await app(CONSUMER);
    const t = await unit.seed({ role: 'provider', state: 'STARTED', consumerPid: 'urn:uuid:c-1', correlationId: 'urn:uuid:c-1' });
    const res = await request(server).post('/dsp/transfers/request').set('authorization', AS_PEER).send({
      '@context': CTX,
      '@type': 'TransferRequestMessage',
      consumerPid: 'urn:uuid:c-1',
      agreementId: t.agreementId,
      format: 'HttpData-PULL',
      callbackAddress: unit.peer.url,
    });
    expect([res.status, res.body]).toEqual([200, { '@context': CTX, '@type': 'TransferProcess', providerPid: t.id, consumerPid: 'urn:uuid:c-1', state: 'STARTED' }]);
    expect((await unit.stores.transfers.list({ offset: 0, limit: 10 })).total).toBe(1);
  });

  it('415 TransferError for a body of another media type, read only once the caller is known', async () => {
    const server = await app(CONSUMER);
    const t = await unit.seed({ role: 'provider', state: 'STARTED' });
    const message = JSON.stringify({ '@context': CTX, '@type': 'TransferCompletionMessage', providerPid: t.id, consumerPid: t.consumerPid });
    const text = await request(server).post(path(t.id, '/completion')).set('authorization', AS_PEER).set('content-type', 'text/plain').send(message);
    expect([text.status, text.body['@type'], text.body.code]).toEqual([415, 'TransferError', '415']);
    expect((await unit.stores.transfers.getById(t.id)).state).toBe('STARTED');
  });

  it('an unknown route or method under /transfers is a TransferError (404 / 405), never the management problem JSON', async () => {
    const server = await app(CONSUMER);
    const unknown = await request(server).post('/dsp/transfers/p-1/nope').set('authorization', AS_PEER).send({});
    expect([unknown.status, unknown.body['@type'], unknown.body.code]).toEqual([404, 'TransferError', '404']);
    const put = await request(server).put('/dsp/transfers/request').set('authorization', AS_PEER).send({});
    expect([put.status, put.headers.allow, put.body['@type']]).toEqual([405, 'POST', 'TransferError']);
  });
});
