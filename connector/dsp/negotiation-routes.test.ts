import express from 'express';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { ConnectorError } from '../../core/index.js';
import { negotiationUnit, OFFER, type NegotiationUnit } from '../../test/helpers/negotiation-unit.js';
import { allowedAgent, CONSUMER, CONTRACT_POLICY, PROVIDER } from '../../test/helpers/provider-negotiation-harness.js';
import type { NegotiationDeps } from '../negotiation/negotiation-deps.js';
import { negotiationDspRouter } from './negotiation-routes.js';

let unit: NegotiationUnit;
afterEach(async () => unit.close());
const CTX = ['https://w3id.org/dspace/2025/1/context.jsonld'];
const AS_CONSUMER = 'Bearer consumer';
const AS_OTHER = 'Bearer other';
const AS_PROVIDER = 'Bearer provider';

/** The router on the unit's deps; `Bearer consumer` is CONSUMER, `Bearer provider` PROVIDER, `Bearer other` another participant, anything else unauthenticated. */
async function app() {
  unit = await negotiationUnit({
    overrides: {
      offers: {
        resolve: async (id: string) =>
          id === 'offer-1'
            ? { offerId: 'offer-1', assetId: 'asset-1', contractDefinitionId: 'def-1', approval: 'manual', offer: OFFER, contractPolicy: CONTRACT_POLICY }
            : undefined,
      },
    },
  });
  unit.deps.auth = {
    ...unit.deps.auth,
    authenticate: async (header?: string) => {
      if (header === AS_CONSUMER) return allowedAgent;
      if (header === AS_OTHER) return { id: 'did:web:other.test', claims: { credentialTypes: [] } };
      if (header === AS_PROVIDER) return { id: PROVIDER, claims: { credentialTypes: [] } };
      throw new ConnectorError('UNAUTHORIZED', { detail: 'no token' });
    },
  } as NegotiationDeps['auth'];
  return express().use('/dsp', negotiationDspRouter(unit.deps, 10_000));
}
const dspError = (providerPid: string, consumerPid: string, code: string, reason: string[]) => ({
  '@context': CTX,
  '@type': 'ContractNegotiationError',
  providerPid,
  consumerPid,
  code,
  reason,
});

describe('the negotiation DSP routes', () => {
  it('POST /negotiations/request: 201 with the new negotiation as the consumer sees it', async () => {
    const server = await app();
    const res = await request(server)
      .post('/dsp/negotiations/request')
      .set('authorization', AS_CONSUMER)
      .send({ '@context': CTX, '@type': 'ContractRequestMessage', consumerPid: 'urn:uuid:c-1', offer: OFFER, callbackAddress: unit.peer.url });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      '@context': CTX,
      '@type': 'ContractNegotiation',
      providerPid: expect.stringMatching(/^urn:uuid:/),
      consumerPid: 'urn:uuid:c-1',
      state: 'REQUESTED',
    });
    expect(await unit.get(res.body.providerPid)).toMatchObject({ state: 'REQUESTED', pending: true, counterPartyId: CONSUMER });
  });

  it('POST /negotiations/request repeated (a retry after a lost answer): 200 with the one negotiation, not 201 Created', async () => {
    const server = await app();
    const message = { '@context': CTX, '@type': 'ContractRequestMessage', consumerPid: 'urn:uuid:c-1', offer: OFFER, callbackAddress: unit.peer.url };
    const first = await request(server).post('/dsp/negotiations/request').set('authorization', AS_CONSUMER).send(message);
    const again = await request(server).post('/dsp/negotiations/request').set('authorization', AS_CONSUMER).send(message);
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(again.body).toEqual(first.body);
    expect((await unit.stores.negotiations.list({ offset: 0, limit: 10 })).total).toBe(1);
  });

  it("GET /negotiations/:pid: the caller's own negotiation, its local -ING state shown as the DSP state", async () => {
    const server = await app();
    const n = await unit.seed({
      role: 'provider',
      state: 'AGREEING',
      history: [
        { state: 'REQUESTED', at: 0, cause: '' },
        { state: 'AGREEING', at: 0, cause: '' },
      ],
    });
    const res = await request(server)
      .get(`/dsp/negotiations/${encodeURIComponent(n.id)}`)
      .set('authorization', AS_CONSUMER);
    expect([res.status, res.body]).toEqual([200, { '@context': CTX, '@type': 'ContractNegotiation', providerPid: n.id, consumerPid: n.consumerPid, state: 'REQUESTED' }]);
  });

  it.each([
    ["another participant's negotiation", AS_OTHER],
    ['an unauthenticated caller', 'Bearer nobody'],
  ])('404 "not found" for %s (nothing is revealed)', async (_case, authorization) => {
    const server = await app();
    const n = await unit.seed({ role: 'provider', state: 'OFFERED' });
    const res = await request(server)
      .get(`/dsp/negotiations/${encodeURIComponent(n.id)}`)
      .set('authorization', authorization);
    // A GET serves both roles: which of the two ids it names is not known, and the negotiation tells no stranger.
    expect([res.status, res.body]).toEqual([404, dspError('urn:kontor:unknown', 'urn:kontor:unknown', '404', ['not found'])]);
  });

  it('an error to a negotiation the caller may see names its pids, whatever the message could be read as; our consumer pid never as the providerPid', async () => {
    const server = await app();
    const n = await unit.seed({ role: 'consumer', state: 'REQUESTED', providerPid: 'urn:uuid:p-1' });
    const learning = await unit.seed({ role: 'consumer', state: 'REQUESTED' });
    for (const [m, tail] of [
      [n, '/termination'],
      [n, '/agreement'],
      [n, '/events'],
      [learning, '/offers'],
    ] as const) {
      const res = await request(server)
        .post(`/dsp/negotiations/${encodeURIComponent(m.id)}${tail}`)
        .set('authorization', AS_PROVIDER)
        .set('content-type', 'application/json')
        .send('{"oops');
      expect([tail, res.status, res.body]).toEqual([tail, 400, dspError(m.providerPid ?? 'urn:kontor:unknown', m.consumerPid, '400', ['the request body is not valid JSON'])]);
    }
    const provider = await unit.seed({ role: 'provider', state: 'REQUESTED' });
    const wrong = await request(server)
      .post(`/dsp/negotiations/${encodeURIComponent(provider.id)}/termination`)
      .set('authorization', AS_CONSUMER)
      .send({ '@context': CTX });
    expect([wrong.status, wrong.body.providerPid, wrong.body.consumerPid]).toEqual([400, provider.id, provider.consumerPid]);
  });

  it('a path that does not decode: 400 ContractNegotiationError naming no pid', async () => {
    const server = await app();
    const res = await request(server).post('/dsp/negotiations/%E0%A4%A/termination').set('authorization', AS_PROVIDER).send({ '@context': CTX });
    expect([res.status, res.body.providerPid, res.body.consumerPid]).toEqual([400, 'urn:kontor:unknown', 'urn:kontor:unknown']);
  });

  it.each([
    ['a consumer path (agreement): as consumerPid', '/agreement', { providerPid: 'urn:uuid:theirs' }, 'urn:uuid:theirs', 'urn:uuid:ours'],
    ['a consumer path (offers): as consumerPid', '/offers', {}, 'urn:kontor:unknown', 'urn:uuid:ours'],
    ['a provider path (agreement/verification): as providerPid', '/agreement/verification', { consumerPid: 'urn:uuid:theirs' }, 'urn:uuid:ours', 'urn:uuid:theirs'],
    ['a provider path (request): as providerPid', '/request', {}, 'urn:uuid:ours', 'urn:kontor:unknown'],
    [
      'a path of both roles, the message naming it its consumerPid',
      '/termination',
      { providerPid: 'urn:uuid:theirs', consumerPid: 'urn:uuid:ours' },
      'urn:uuid:theirs',
      'urn:uuid:ours',
    ],
    ['a path of both roles, the message naming it its providerPid', '/events', { providerPid: 'urn:uuid:ours' }, 'urn:uuid:ours', 'urn:kontor:unknown'],
    ['a path of both roles the message does not name', '/termination', {}, 'urn:kontor:unknown', 'urn:kontor:unknown'],
  ])('404 for an unknown process on %s: the path pid in the field of the role it serves', async (_case, tail, pids, providerPid, consumerPid) => {
    const server = await app();
    const res = await request(server)
      .post(`/dsp/negotiations/urn:uuid:ours${tail}`)
      .set('authorization', AS_PROVIDER)
      .send({ '@context': CTX, ...pids });
    expect([res.status, res.body]).toEqual([404, dspError(providerPid, consumerPid, '404', ['not found'])]);
  });

  it('400 for a message meant for the other role, naming both pids', async () => {
    const server = await app();
    const n = await unit.seed({ role: 'provider', state: 'REQUESTED' });
    const res = await request(server)
      .post(`/dsp/negotiations/${encodeURIComponent(n.id)}/offers`)
      .set('authorization', AS_CONSUMER)
      .send({ '@context': CTX, '@type': 'ContractOfferMessage', providerPid: n.id, consumerPid: n.consumerPid, offer: OFFER });
    expect([res.status, res.body]).toEqual([400, dspError(n.id, n.consumerPid, '400', ['this message is not for this role'])]);
  });

  it('400 for an invalid transition, and the negotiation stays as it was', async () => {
    const server = await app();
    const n = await unit.seed({ role: 'provider', state: 'FINALIZED' });
    const res = await request(server)
      .post(`/dsp/negotiations/${encodeURIComponent(n.id)}/termination`)
      .set('authorization', AS_CONSUMER)
      .send({ '@context': CTX, '@type': 'ContractNegotiationTerminationMessage', providerPid: n.id, consumerPid: n.consumerPid });
    expect(res.status).toBe(400);
    expect(res.body.reason).toEqual(['a termination message is not valid while this negotiation is FINALIZED']);
    expect((await unit.get(n.id)).version).toBe(n.version);
  });

  it.each([
    ['providerPid', { providerPid: 'urn:uuid:someone-elses' }],
    ['consumerPid', { consumerPid: 'urn:uuid:not-mine' }],
  ])('404 for a message whose %s names another negotiation than its path, and nothing changes', async (_case, pids) => {
    const server = await app();
    const n = await unit.seed({ role: 'provider', state: 'AGREED' });
    const message = { '@context': CTX, '@type': 'ContractAgreementVerificationMessage', providerPid: n.id, consumerPid: n.consumerPid, ...pids };
    const res = await request(server)
      .post(`/dsp/negotiations/${encodeURIComponent(n.id)}/agreement/verification`)
      .set('authorization', AS_CONSUMER)
      .send(message);
    expect([res.status, res.body.code, res.body.reason]).toEqual([404, '404', ['not found']]);
    expect((await unit.get(n.id)).version).toBe(n.version);
  });

  it('200 with the new state for a valid message (termination)', async () => {
    const server = await app();
    const n = await unit.seed({ role: 'provider', state: 'OFFERED' });
    const res = await request(server)
      .post(`/dsp/negotiations/${encodeURIComponent(n.id)}/termination`)
      .set('authorization', AS_CONSUMER)
      .send({ '@context': CTX, '@type': 'ContractNegotiationTerminationMessage', providerPid: n.id, consumerPid: n.consumerPid, reason: ['changed my mind'] });
    expect([res.status, res.body.state]).toEqual([200, 'TERMINATED']);
  });

  it("answers as consumer, before it knows the provider's pid, with the pid the provider's message named, never a placeholder", async () => {
    const server = await app();
    const n = await unit.seed({ role: 'consumer', state: 'REQUESTED' });
    expect(n.providerPid).toBeUndefined();
    const res = await request(server)
      .post(`/dsp/negotiations/${encodeURIComponent(n.id)}/termination`)
      .set('authorization', AS_PROVIDER)
      .send({ '@context': CTX, '@type': 'ContractNegotiationTerminationMessage', providerPid: 'urn:uuid:p-9', consumerPid: n.consumerPid, reason: ['no'] });
    expect([res.status, res.body]).toEqual([
      200,
      { '@context': CTX, '@type': 'ContractNegotiation', providerPid: 'urn:uuid:p-9', consumerPid: n.consumerPid, state: 'TERMINATED' },
    ]);
  });

  it('POST /negotiations/offers (a provider-initiated negotiation): refused with a reason, nothing stored; a stranger gets 404', async () => {
    const server = await app();
    const offer = { '@context': CTX, '@type': 'ContractOfferMessage', providerPid: 'urn:uuid:p-1', offer: OFFER, callbackAddress: 'https://provider.test/dsp' };
    const res = await request(server).post('/dsp/negotiations/offers').set('authorization', AS_CONSUMER).send(offer);
    expect([res.status, res.body]).toEqual([
      400,
      dspError('urn:uuid:p-1', 'urn:kontor:unknown', '400', [
        'provider-initiated negotiation is not supported: send a ContractRequestMessage to the provider (POST /negotiations/request)',
      ]),
    ]);
    expect((await unit.stores.negotiations.list({ offset: 0, limit: 10 })).total).toBe(0);
    const stranger = await request(server).post('/dsp/negotiations/offers').send(offer);
    expect([stranger.status, stranger.body.providerPid]).toEqual([404, 'urn:kontor:unknown']);
  });

  it.each([
    ['put', '/dsp/negotiations/request', 405, 'POST'],
    ['delete', '/dsp/negotiations/n-1', 405, 'GET'],
    ['post', '/dsp/negotiations/n-1', 405, 'GET'],
    ['post', '/dsp/negotiations/n-1/bogus', 404, undefined],
  ] as const)('%s %s: %d ContractNegotiationError, not the management problem JSON', async (method, path, status, allow) => {
    const server = await app();
    const res = await request(server)[method](path).set('authorization', AS_CONSUMER);
    expect([res.status, res.headers.allow, res.body['@type'], res.body.code]).toEqual([status, allow, 'ContractNegotiationError', String(status)]);
  });

  it('400 ContractNegotiationError for a body that is not JSON, and 413 for one over the limit', async () => {
    const server = await app();
    const broken = await request(server).post('/dsp/negotiations/request').set('authorization', AS_CONSUMER).set('content-type', 'application/json').send('{"oops');
    expect([broken.status, broken.body['@type'], broken.body.code]).toEqual([400, 'ContractNegotiationError', '400']);
    const large = await request(server)
      .post('/dsp/negotiations/request')
      .set('authorization', AS_CONSUMER)
      .send({ '@context': CTX, padding: 'x'.repeat(20_000) });
    expect([large.status, large.body['@type'], large.body.code]).toEqual([413, 'ContractNegotiationError', '413']);
  });

  it("authenticates before it reads a body: a stranger's broken or oversized body is the stranger's 404, its pids not echoed", async () => {
    const server = await app();
    for (const body of ['{"oops', JSON.stringify({ consumerPid: 'urn:x', padding: 'x'.repeat(20_000) })]) {
      const res = await request(server).post('/dsp/negotiations/request').set('content-type', 'application/json').send(body);
      expect([res.status, res.body['@type'], res.body.consumerPid]).toEqual([404, 'ContractNegotiationError', 'urn:kontor:unknown']);
    }
  });

  it('415 ContractNegotiationError for a body of another media type; JSON-LD and a body without a Content-Type are read', async () => {
    const server = await app();
    const message = JSON.stringify({ '@context': CTX, '@type': 'ContractRequestMessage', consumerPid: 'urn:c:1', offer: OFFER, callbackAddress: 'https://consumer.test/dsp' });
    const text = await request(server).post('/dsp/negotiations/request').set('authorization', AS_CONSUMER).set('content-type', 'text/plain').send(message);
    expect([text.status, text.body['@type'], text.body.code]).toEqual([415, 'ContractNegotiationError', '415']);
    const ld = await request(server).post('/dsp/negotiations/request').set('authorization', AS_CONSUMER).set('content-type', 'application/ld+json').send(message);
    expect(ld.status).toBe(201);
    const bare = await request(server)
      .post('/dsp/negotiations/request')
      .set('authorization', AS_CONSUMER)
      .unset('content-type')
      .send(Buffer.from(message.replace('urn:c:1', 'urn:c:2')));
    expect(bare.status).toBe(201);
  });
});
