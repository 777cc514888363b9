import express from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { ConnectorError, FixedClock, sequentialIds, silentLogger } from '../../../core/index.js';
import type { PeerAuth } from '../../peer/peer-auth.js';
import { RoundTokens } from '../round-token.js';
import { TrainingSessionTokens } from '../session-token.js';
import type { siteGate } from './site-gate.js';
import type { SiteSession, SiteSessionStore } from './site-session.js';
import { siteTrainingRouter, type SiteCheckpoints } from './site-routes.js';

const COORDINATOR = 'did:web:coordinator.example';
const PURPOSE = 'https://w3id.org/kontor/purpose/federated-training';
const agent = { id: COORDINATOR, claims: { credentialTypes: [] } };

/** A site's training routes over one session (t1) whose status and suspension count the test moves, as the store would. */
function app() {
  const clock = new FixedClock();
  const session: SiteSession = {
    transferId: 't1',
    agreementId: 'agr-t1',
    coordinatorDid: COORDINATOR,
    assetId: 'asset',
    roundsDone: 1,
    evaluationsDone: 0,
    lastRound: 1,
    lastEvaluation: 0,
    usedTokens: [],
    status: 'active',
    suspensions: 0,
    createdAt: 0,
    updatedAt: 0,
  };
  const auth = {
    participantId: 'did:web:site.example',
    authenticate: async (header: string | undefined) => {
      if (header !== 'Bearer ok') throw new ConnectorError('UNAUTHORIZED', { detail: 'no token' });
      return agent;
    },
    tokenFor: async () => 'Bearer site-token',
  } as PeerAuth;
  const sessionTokens = new TrainingSessionTokens({ clock, ttlMs: 60_000 });
  const router = siteTrainingRouter({
    gate: { runRound: async () => ({ receipt: 'signed' }) } as unknown as ReturnType<typeof siteGate>,
    sessions: { find: async (tid: string) => (tid === 't1' ? { ...session } : undefined) } as unknown as SiteSessionStore,
    tokens: new RoundTokens({ issuer: auth.participantId, clock, ids: sequentialIds('jti'), ttlSeconds: 300 }),
    sessionTokens,
    auth,
    modelHash: () => 'h',
    logger: silentLogger,
    acceptReceipt: async () => undefined,
    checkpoints: { exchange: async () => undefined } as unknown as SiteCheckpoints,
    validatePlan: () => undefined,
    countersign: async () => ({}),
  });
  const opened = sessionTokens.issue({ agent, agreementId: 'agr-t1', transferId: 't1', purpose: PURPOSE, suspensions: 0 })?.token ?? '';
  return { http: express().use('/api/training', router), session, opened };
}

const body = (round: number) => ({ round, task: 'fit', purpose: PURPOSE, plan: {}, global: [0] });

describe('a suspended training transfer at the site', () => {
  it('refuses rounds and round tokens while suspended, with the session and with DCP alike', async () => {
    const { http, session, opened } = app();
    session.status = 'suspended';
    session.suspensions = 1;
    const viaSession = await request(http).post('/api/training/t1/rounds').set('x-kontor-training-session', opened).send(body(2));
    const viaDcp = await request(http).post('/api/training/t1/rounds').set('authorization', 'Bearer ok').send(body(2));
    const token = await request(http).post('/api/training/t1/token').set('authorization', 'Bearer ok').send({ round: 2, task: 'fit', purpose: PURPOSE, globalModelHash: 'h' });
    for (const res of [viaSession, viaDcp, token]) {
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ code: 'FORBIDDEN', detail: 'the training transfer is suspended' });
    }
  });

  it('refuses a session opened before the suspension after the resume (401: back to DCP), and serves DCP and the session it opens', async () => {
    const { http, session, opened } = app();
    session.suspensions = 1; // suspended and resumed: active again
    const old = await request(http).post('/api/training/t1/rounds').set('x-kontor-training-session', opened).send(body(2));
    expect(old.status).toBe(401);
    expect(old.body.detail).toMatch(/suspended since the session was opened/);
    const checkpoint = await request(http).post('/api/training/t1/checkpoint').set('x-kontor-training-session', opened).send({});
    expect(checkpoint.status).toBe(401);
    const fresh = await request(http).post('/api/training/t1/rounds').set('authorization', 'Bearer ok').send(body(2));
    expect(fresh.status, JSON.stringify(fresh.body)).toBe(200);
    const next = await request(http).post('/api/training/t1/rounds').set('x-kontor-training-session', fresh.body.session.token).send(body(3));
    expect(next.status, JSON.stringify(next.body)).toBe(200);
  });

  it('still says an ended transfer has ended', async () => {
    const { http, session } = app();
    session.status = 'ended';
    const res = await request(http).post('/api/training/t1/rounds').set('authorization', 'Bearer ok').send(body(2));
    expect(res.status).toBe(403);
    expect(res.body.detail).toBe('the training transfer has ended');
  });
});
