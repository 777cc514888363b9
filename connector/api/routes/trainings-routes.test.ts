import { pino } from 'pino';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { ConnectorError } from '../../../core/index.js';
import { openApiDocument } from '../openapi-document.js';
import { createManagementApp } from '../management-app.js';
import { RequestValidator } from '../../http/request-validator.js';
import { trainingsRoutes } from './trainings-routes.js';

const KEY = 'k'.repeat(24);
type Example = { plan: Record<string, unknown> & { scaling: Record<string, unknown> } };
const paths = openApiDocument.paths as Record<string, { post: { requestBody: { content: Record<string, { example: Example }> } } }>;
const example = paths['/api/v1/trainings']?.post.requestBody.content['application/json']?.example as Example;

const ended = (id: string, state: string) => ({
  id,
  state,
  purpose: 'p',
  planHash: 'h',
  rounds: 2,
  currentRound: 2,
  minSites: 1,
  sites: [],
  metrics: [],
  rejected: [],
  createdAt: 0,
  updatedAt: 0,
});
const TRAININGS = [ended('t1', 'COMPLETED'), ended('t2', 'RUNNING'), ended('t3', 'STOPPED')];
const AFTER_WORK = new Map([
  ['t1', { done: false, attempts: 3, lastError: 'ending a training transfer: peer down', retryAt: Date.parse('2027-01-01T00:04:00Z') }],
  ['t3', { done: true, attempts: 0 }],
]);

function served() {
  const started: unknown[] = [];
  const stopped: string[] = [];
  const coordinator = {
    start: async (input: unknown) => {
      started.push(input);
      return { id: 't1' };
    },
    stop: async (id: string) => {
      stopped.push(id);
      throw new ConnectorError('NOT_FOUND', { detail: 'stopped in the test' });
    },
  };
  const agreements = { findById: async (id: string) => ({ id, assignee: 'did:web:me.example', assigner: 'did:web:site.example', status: 'active' }) };
  const routes = trainingsRoutes({
    coordinator: coordinator as never,
    store: {
      getById: async (id: string) => TRAININGS.find((t) => t.id === id),
      list: async () => ({ items: TRAININGS, total: TRAININGS.length }),
    } as never,
    afterWork: { statusOf: async (ids: readonly string[]) => new Map([...AFTER_WORK].filter(([id]) => ids.includes(id))) },
    agreements: agreements as never,
    validator: new RequestValidator(openApiDocument),
    participantId: 'did:web:me.example',
  });
  const app = createManagementApp({ apiKey: KEY, bodyLimitBytes: 65536, problemTypeBase: 'https://kontor.example/problems/', logger: pino({ level: 'silent' }), routes });
  return { app, started, stopped };
}

describe('training routes', () => {
  it('should start a training from the documented example', async () => {
    const { app, started } = served();
    const res = await request(app).post('/api/v1/trainings').set('x-api-key', KEY).send(example);
    expect([res.status, started.length]).toEqual([201, 1]);
  });

  it('should refuse an unknown field in the plan’s scaling, naming it, and start nothing', async () => {
    const { app, started } = served();
    const body = { ...example, plan: { ...example.plan, scaling: { ...example.plan.scaling, bogus: 1 } } };
    const res = await request(app).post('/api/v1/trainings').set('x-api-key', KEY).send(body);
    expect([res.status, res.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(res.body.errors).toContainEqual({ pointer: '/plan/scaling/bogus', message: 'is not allowed here' });
    expect(started).toEqual([]);
  });

  it('should refuse a body on stop, which takes none, and stop nothing', async () => {
    const { app, stopped } = served();
    const res = await request(app).post('/api/v1/trainings/t1/stop').set('x-api-key', KEY).send({ force: true });
    expect([res.status, res.body.code, res.body.detail]).toEqual([400, 'VALIDATION_FAILED', 'this route takes no request body']);
    expect(stopped).toEqual([]);
    expect((await request(app).post('/api/v1/trainings/t1/stop').set('x-api-key', KEY)).status).toBe(404);
    expect(stopped).toEqual(['t1']);
  });

  it('should show where each ended training’s after-work stands, failing or done, and none for a running one', async () => {
    const { app } = served();
    const failing = { state: 'owed', attempts: 3, lastError: 'ending a training transfer: peer down', retryAt: '2027-01-01T00:04:00.000Z' };
    const one = await request(app).get('/api/v1/trainings/t1').set('x-api-key', KEY);
    expect([one.status, one.body.afterWork]).toEqual([200, failing]);
    const all = await request(app).get('/api/v1/trainings').set('x-api-key', KEY);
    expect(all.body.items.map((t: { afterWork: unknown }) => t.afterWork)).toEqual([failing, null, { state: 'done', attempts: 0, lastError: null, retryAt: null }]);
  });
});
