import express from 'express';
import { Registry } from 'prom-client';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { routePrefix } from '../http/route-prefix.js';
import { createConnectorMetrics } from './connector-metrics.js';
import { httpMetrics } from './http-metrics.js';

const routesOf = async (registry: Registry) =>
  ((await registry.getSingleMetric('kontor_http_requests_total')?.get())?.values ?? []).map((v) => `${String(v.labels.route)} ${String(v.labels.status)} ${v.value}`).sort();

describe('httpMetrics', () => {
  it("should label a mounted router's routes with the mount path as configured, one series whatever the case a client sends", async () => {
    const registry = new Registry();
    const app = express();
    app.use(httpMetrics(createConnectorMetrics(registry), 'public'));
    const router = () => express.Router().get('/:id{/*rest}', (_req, res) => void res.send('ok'));
    app.use('/api/data', routePrefix('/api/data'), router());
    app.use('/api/Training', routePrefix('/api/Training'), router());
    app.use('/api/plain', router()); // no routePrefix: named in lower case, still one series
    app.get('/api/v1/assets/:id', (_req, res) => void res.send('ok'));
    for (const path of ['/api/data/t1', '/API/data/t2/x', '/aPi/DaTa/t3', '/api/training/t1', '/API/TRAINING/t2', '/api/Plain/a', '/API/PLAIN/b', '/api/V1/assets/a', '/nowhere']) {
      await request(app).get(path);
    }
    expect(await routesOf(registry)).toEqual([
      '/api/Training/:id{/*rest} 200 2',
      '/api/data/:id{/*rest} 200 3',
      '/api/plain/:id{/*rest} 200 2',
      '/api/v1/assets/:id 200 1',
      'unmatched 404 1',
    ]);
  });
});
