import express from 'express';
import request from 'supertest';
import { beforeEach, describe, expect, it } from 'vitest';
import { ConnectorError, FixedClock, sequentialIds, silentLogger } from '../../../core/index.js';
import type { PeerAuth } from '../../peer/peer-auth.js';
import { RoundTokens } from '../round-token.js';
import { TrainingSessionTokens } from '../session-token.js';
import { makeSites } from '../secagg/secagg-test-kit.js';
import type { siteGate } from './site-gate.js';
import type { SiteSession, SiteSessionStore } from './site-session.js';
import { siteTrainingRouter, type SiteCheckpoints } from './site-routes.js';

const COORDINATOR = 'did:web:coordinator.example';
const PURPOSE = 'https://w3id.org/kontor/purpose/federated-training';
const LEAK = "the receipt does not verify: Cannot read properties of undefined (reading '0')";
const sessionOf = (transferId: string): SiteSession => ({
  transferId,
  agreementId: `agr-${transferId}`,
  coordinatorDid: COORDINATOR,
  assetId: 'asset',
  roundsDone: 0,
  evaluationsDone: 0,
  lastRound: 0,
  lastEvaluation: 0,
  usedTokens: [],
  status: 'active',
  createdAt: 0,
  updatedAt: 0,
});
const agent = { id: COORDINATOR, claims: { credentialTypes: [] } };
const credential = {
  '@context': ['https://www.w3.org/ns/credentials/v2'],
  type: ['VerifiableCredential', 'DeletionReceiptCredential'],
  issuer: COORDINATOR,
  credentialSubject: { agreement: 'agr-t1' },
  proof: { type: 'DataIntegrityProof', verificationMethod: `${COORDINATOR}#key-1`, proofPurpose: 'assertionMethod', proofValue: 'z123' },
};

/** A site's training routes on stubs: one coordinator, two trainings (t1, t2), a verifier that leaks exception text. */
function app() {
  const clock = new FixedClock();
  const sessionTokens = new TrainingSessionTokens({ clock, ttlMs: 60_000 });
  const auth = {
    participantId: 'did:web:site.example',
    authenticate: async (header: string | undefined) => {
      if (header !== 'Bearer ok') throw new ConnectorError('UNAUTHORIZED', { detail: 'no token' });
      return agent;
    },
    tokenFor: async () => 'Bearer site-token',
  } as PeerAuth;
  const sessions = { find: async (tid: string) => (['t1', 't2'].includes(tid) ? sessionOf(tid) : undefined) } as unknown as SiteSessionStore;
  const router = siteTrainingRouter({
    gate: { runRound: async () => ({ receipt: 'signed' }) } as unknown as ReturnType<typeof siteGate>,
    sessions,
    tokens: new RoundTokens({ issuer: auth.participantId, clock, ids: sequentialIds('jti'), ttlSeconds: 300 }),
    sessionTokens,
    auth,
    modelHash: () => 'h',
    logger: silentLogger,
    acceptReceipt: async () => {
      throw new ConnectorError('FORBIDDEN', { detail: LEAK });
    },
    checkpoints: { exchange: async () => undefined } as unknown as SiteCheckpoints,
    validatePlan: () => undefined,
    countersign: async () => {
      throw new ConnectorError('FORBIDDEN', { detail: "the model credential does not verify: Cannot read properties of undefined (reading 'id')" });
    },
    secAgg: makeSites(1).sites[0]!.site,
  });
  const session = sessionTokens.issue({ agent, agreementId: 'agr-t1', transferId: 't1', purpose: PURPOSE, suspensions: 0 })!.token;
  return { http: express().use('/api/training', router), session };
}

let current: ReturnType<typeof app>;
beforeEach(() => {
  current = app();
});
const post = (path: string, body?: unknown) => {
  const req = request(current.http).post(`/api/training/${path}`).set('authorization', 'Bearer ok');
  return body === undefined ? req : req.send(body as object);
};
const round = { round: 1, task: 'fit', purpose: PURPOSE, plan: {}, global: [0] };
const token = { round: 1, task: 'fit', purpose: PURPOSE, globalModelHash: 'x' };
const keys = (extra: object = {}) => ({ step: 'keys', trainingId: 'trn-1', round: 1, threshold: 2, ...extra });

describe('the site training routes take nothing they would ignore', () => {
  it.each([
    ['t1/token', token],
    ['t1/rounds', round],
    ['t1/checkpoint', {}],
    ['t1/receipts', { receipt: credential }],
    ['t1/attest', { credential }],
    ['t1/secagg', keys()],
  ])('%s refuses an unknown body field, naming it', async (path, body) => {
    const res = await post(path, { ...body, bogus: 1 });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', detail: expect.stringMatching(/unknown fields: bogus/) });
  });

  it('refuses an unknown field on a round asked for within a training session', async () => {
    const res = await request(current.http)
      .post('/api/training/t1/rounds')
      .set('x-kontor-training-session', current.session)
      .send({ ...round, bogus: 1 });
    expect(res.status).toBe(400);
    expect(res.body.detail).toMatch(/unknown fields: bogus/);
  });

  it.each(['t1/token', 't1/rounds', 't1/checkpoint', 't1/receipts', 't1/attest', 't1/secagg'])('%s refuses a query parameter, naming it', async (path) => {
    const res = await post(`${path}?foo=1`, {});
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'INVALID_QUERY', detail: expect.stringMatching(/\?foo/) });
  });

  it.each(['t1/token', 't1/rounds', 't1/checkpoint', 't1/receipts', 't1/attest', 't1/secagg'])('%s refuses a body that is not JSON (415)', async (path) => {
    const res = await post(path).set('content-type', 'text/plain').send('hello');
    expect(res.status).toBe(415);
    expect(res.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('accepts application/*+json and a body that is not an object is a 400', async () => {
    expect((await post('t1/token').set('content-type', 'application/merge-patch+json').send(JSON.stringify(token))).status).toBe(200);
    expect((await post('t1/token', [1])).body).toMatchObject({ code: 'VALIDATION_FAILED', detail: 'the body must be a JSON object' });
  });
});

describe('a round token', () => {
  it.each([-5, 0, 1.5, 1e300, '1'])('is refused for round %s, as a round is', async (n) => {
    const res = await post('t1/token', { ...token, round: n });
    expect(res.status).toBe(400);
    expect(res.body.detail).toBe('round must be a positive integer');
  });

  it('is issued for a positive round', async () => {
    expect((await post('t1/token', token)).body).toEqual({ token: expect.any(String), expiresAt: expect.any(Number) });
  });
});

describe('receipts and model credentials', () => {
  it.each([
    [{ credentialSubject: 'x', type: 5, proof: 5 }, /\/receipt\/type.*\/receipt\/credentialSubject.*\/receipt\/proof/],
    [[], /\/receipt: must be a verifiable credential/],
    [{}, /\/receipt\/@context/],
  ])('a malformed receipt %j is a 400 naming the field', async (receipt, detail) => {
    const res = await post('t1/receipts', { receipt });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', detail: expect.stringMatching(detail) });
  });

  it.each([[{ credentialSubject: 'x', proof: 'x' }], [[1]]])('a malformed credential %j is a 400 naming the field', async (c) => {
    const res = await post('t1/attest', { credential: c });
    expect(res.status).toBe(400);
    expect(res.body.detail).toMatch(/^\/credential/);
  });

  it('a proof that does not verify is refused with a fixed detail, never the verifier’s exception text', async () => {
    const receipt = await post('t1/receipts', { receipt: credential });
    expect(receipt.status).toBe(403);
    expect(receipt.body.detail).toBe('the receipt does not verify (its proof, issuer key or signature)');
    const attest = await post('t1/attest', { credential });
    expect(attest.status).toBe(403);
    expect(attest.body.detail).toBe('the model credential does not verify (its proof, issuer key or signature)');
  });
});

describe('secure aggregation steps', () => {
  it.each([
    [{ round: 1e300 }, /round must be an integer from 1 to 1000000/],
    [{ round: 1_000_001 }, /round must be an integer from 1 to 1000000/],
    [{ threshold: 1e9 }, /threshold must be an integer from 1 to 1000/],
    [{ threshold: 0 }, /threshold must be an integer from 1 to 1000/],
  ])('refuses %j', async (extra, detail) => {
    const res = await post('t1/secagg', keys(extra));
    expect(res.status).toBe(400);
    expect(res.body.detail).toMatch(detail);
  });

  it('are tied to the training session: another trainingId is refused, and no other training evicts its rounds', async () => {
    expect((await post('t1/secagg', keys())).status).toBe(200);
    expect((await post('t1/secagg', keys({ trainingId: 'flood-1', round: 2 }))).body.detail).toMatch(/not the training this session runs/);
    for (let i = 1; i <= 260; i++) await post('t2/secagg', keys({ trainingId: 'flood', round: i }));
    const again = await post('t1/secagg', keys());
    expect(again.status).toBe(403);
    expect(again.body.detail).toMatch(/keys for round 1 were already advertised/);
  });
});
