import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isConnectorError } from '../../core/index.js';
import { createOutboundPolicy } from '../http/outbound/index.js';
import { dspRequest, joinUrl } from './dsp-http-client.js';

/** A peer that answers every request with the status named in the path: /404, /400, /503. */
let server: Server;
let base: string;
beforeAll(async () => {
  server = createServer((req, res) => {
    res.writeHead(Number(req.url?.slice(1)), { 'content-type': 'application/json' }).end(JSON.stringify({ reason: ['No handler registered on this endpoint'] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const failure = async (path: string, options?: { notFoundRetryable?: boolean }) => {
  const error = await dspRequest(createOutboundPolicy({ allowLoopback: true }), 'POST', `${base}${path}`, 'Dev x', {}, undefined, options).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isConnectorError(error)) throw new Error('expected a ConnectorError');
  return { code: error.code, retryable: error.retryable };
};

describe('dspRequest', () => {
  it('should treat a 404 to a negotiation or transfer message as retryable (the peer may not know the process yet)', async () => {
    expect(await failure('/404', { notFoundRetryable: true })).toEqual({ code: 'PEER_UNAVAILABLE', retryable: true });
  });

  it('should keep a 404 final for other requests, and any other 4xx final always', async () => {
    expect(await failure('/404')).toEqual({ code: 'PEER_REJECTED', retryable: false });
    expect(await failure('/400', { notFoundRetryable: true })).toEqual({ code: 'PEER_REJECTED', retryable: false });
  });

  it('should keep 5xx retryable', async () => {
    expect(await failure('/503')).toEqual({ code: 'PEER_UNAVAILABLE', retryable: true });
  });
});

describe('joinUrl', () => {
  it('should join a path to a base with or without its trailing slash', () => {
    expect(joinUrl('https://peer.test/api/dsp/', '/negotiations/request')).toBe('https://peer.test/api/dsp/negotiations/request');
    expect(joinUrl('https://peer.test/api/dsp', 'negotiations/request')).toBe('https://peer.test/api/dsp/negotiations/request');
  });

  it.each(['https://peer.test/cb?tenant=', 'https://peer.test/cb#', 'https://peer.test/cb?'])(
    'should refuse a base with a query or a fragment (%s): the path would land in it',
    (base) => {
      expect(() => joinUrl(base, 'negotiations/n-1/agreement')).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
    },
  );
});
