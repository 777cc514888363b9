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
    store: {} as never,
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
});
