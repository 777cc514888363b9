import express from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../core/index.js';
import { transferRouteFallback } from './transfer-route-fallback.js';

const CTX = ['https://w3id.org/dspace/2025/1/context.jsonld'];
const server = express().use('/dsp/transfers', transferRouteFallback(silentLogger));
const error = (code: string, reason: string[]) => ({
  '@context': CTX,
  '@type': 'TransferError',
  providerPid: 'urn:kontor:unknown',
  consumerPid: 'urn:kontor:unknown',
  code,
  reason,
});

describe('transferRouteFallback', () => {
  it.each([
    ['PUT', '/dsp/transfers/request', 'POST'],
    ['GET', '/dsp/transfers/p-1/start', 'POST'],
    ['DELETE', '/dsp/transfers/p-1/termination', 'POST'],
    ['POST', '/dsp/transfers/p-1', 'GET'],
  ] as const)('%s %s: 405 TransferError with Allow: %s', async (method, path, allow) => {
    const res = await request(server)[method.toLowerCase() as 'put'](path);
    expect([res.status, res.headers.allow, res.body]).toEqual([405, allow, error('405', [`${method} is not supported here; use ${allow}`])]);
  });

  it.each([
    ['POST', '/dsp/transfers/p-1/nope'],
    ['GET', '/dsp/transfers/p-1/start/x'],
    ['POST', '/dsp/transfers'],
  ] as const)('%s %s: 404 TransferError, not the management problem JSON', async (method, path) => {
    const res = await request(server)[method.toLowerCase() as 'post'](path);
    expect([res.status, res.type, res.body]).toEqual([404, 'application/json', error('404', ['not found'])]);
  });
});
