import express from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { ConnectorError } from '../../core/index.js';
import { problemErrorHandler } from './error-middleware.js';
import { catalogErrorHandler } from '../dsp/catalog-error-response.js';
import { capturingLogger } from '../../test/helpers/log-capture.js';
import { sendDspError } from '../dsp/send-dsp-error.js';
import { translateSqlError } from '../store/sql-errors.js';

const diskFull = () => translateSqlError(Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' }), 'the negotiation store');

/** Both listeners: every renderer answers a store fault 503 with Retry-After and logs the driver's code. */
describe('a store fault on each error renderer', () => {
  const cases = [
    {
      name: 'management API (problem+json)',
      app: (logger: ReturnType<typeof capturingLogger>['logger']) =>
        express()
          .get('/x', () => {
            throw diskFull();
          })
          .use(problemErrorHandler('https://w3id.org/kontor/problems/', logger)),
      body: { code: 'STORE_UNAVAILABLE', status: 503 },
    },
    {
      name: 'DSP catalog (CatalogError)',
      app: (logger: ReturnType<typeof capturingLogger>['logger']) =>
        express()
          .get('/x', () => {
            throw diskFull();
          })
          .use(catalogErrorHandler(logger)),
      body: { '@type': 'CatalogError', code: 'STORE_UNAVAILABLE' },
    },
    {
      name: 'DSP negotiation (ContractNegotiationError)',
      app: (logger: ReturnType<typeof capturingLogger>['logger']) =>
        express().get('/x', (_req, res) => sendDspError(res, 'negotiation', diskFull(), { providerPid: 'urn:p' }, logger)),
      body: { '@type': 'ContractNegotiationError', code: '503' },
    },
    {
      name: 'DSP transfer (TransferError)',
      app: (logger: ReturnType<typeof capturingLogger>['logger']) =>
        express().get('/x', (_req, res) => sendDspError(res, 'transfer', diskFull(), { providerPid: 'urn:p' }, logger)),
      body: { '@type': 'TransferError', code: '503' },
    },
  ];

  it.each(cases)('$name: 503, Retry-After, the cause logged at warn', async ({ app, body }) => {
    const { logger, lines } = capturingLogger();
    const res = await request(app(logger)).get('/x');
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBe('30');
    expect(JSON.parse(res.text)).toMatchObject(body);
    expect(lines).toContainEqual(expect.objectContaining({ level: 40, fault: 'SQLITE_FULL', code: 'STORE_UNAVAILABLE' }));
  });

  it('should give any other retryable unavailable error a Retry-After of 1 s, and none to a final one or to other errors', async () => {
    const { logger } = capturingLogger();
    const app = express()
      .get('/peer', () => {
        throw new ConnectorError('PEER_UNAVAILABLE');
      })
      .get('/final', () => {
        throw new ConnectorError('PEER_UNAVAILABLE', { retryable: false });
      })
      .get('/conflict', () => {
        throw new ConnectorError('VERSION_CONFLICT');
      })
      .use(problemErrorHandler('https://w3id.org/kontor/problems/', logger));
    expect((await request(app).get('/peer')).headers['retry-after']).toBe('1');
    const final = await request(app).get('/final');
    expect(final.status).toBe(503);
    expect(final.headers['retry-after']).toBeUndefined(); // a retry would not help: no Retry-After invites one
    const conflict = await request(app).get('/conflict');
    expect(conflict.status).toBe(409);
    expect(conflict.headers['retry-after']).toBeUndefined();
  });
});
