import express from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../core/index.js';
import { negotiationRouteFallback } from './negotiation-route-fallback.js';

const CTX = ['https://w3id.org/dspace/2025/1/context.jsonld'];
const server = express().use('/dsp/negotiations', negotiationRouteFallback(silentLogger));
const error = (code: string, reason: string[]) => ({
  '@context': CTX,
  '@type': 'ContractNegotiationError',
  providerPid: 'urn:kontor:unknown',
  consumerPid: 'urn:kontor:unknown',
  code,
  reason,
});

describe('negotiationRouteFallback', () => {
  it.each([
    ['PUT', '/dsp/negotiations/request', 'POST'],
    ['GET', '/dsp/negotiations/p-1/events', 'POST'],
    ['DELETE', '/dsp/negotiations/p-1/termination', 'POST'],
    ['GET', '/dsp/negotiations/p-1/agreement/verification', 'POST'],
    ['PUT', '/dsp/negotiations/p-1/offers', 'POST'],
    ['POST', '/dsp/negotiations/p-1', 'GET'],
    ['DELETE', '/dsp/negotiations/p-1', 'GET'],
  ] as const)('%s %s: 405 ContractNegotiationError with Allow: %s', async (method, path, allow) => {
    const res = await request(server)[method.toLowerCase() as 'put'](path);
    expect([res.status, res.headers.allow, res.body]).toEqual([405, allow, error('405', [`${method} is not supported here; use ${allow}`])]);
  });

  it.each([
    ['POST', '/dsp/negotiations/p-1/bogus'],
    ['POST', '/dsp/negotiations/p-1/agreement/bogus'],
    ['GET', '/dsp/negotiations/p-1/events/x'],
    ['POST', '/dsp/negotiations'],
  ] as const)('%s %s: 404 ContractNegotiationError, not the management problem JSON', async (method, path) => {
    const res = await request(server)[method.toLowerCase() as 'post'](path);
    expect([res.status, res.type, res.body]).toEqual([404, 'application/json', error('404', ['not found'])]);
  });
});
