import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ConnectorError } from '../../core/index.js';
import { problemErrorHandler, routeNotFound } from '../http/error-middleware.js';
import type { PeerAuth } from '../peer/peer-auth.js';
import { TCK_HOOKS_PATH, type TckHookDeps, tckHooksRouter } from './tck-hooks.js';

const AUTH = 'tck-fixed-header';
const initiate = vi.fn(async () => ({ id: 'n-1', consumerPid: 'n-1' }));
const deps: TckHookDeps = {
  auth: {
    authenticate: async (header: string | undefined) => {
      if (header !== AUTH) throw new ConnectorError('UNAUTHORIZED', { detail: 'not the TCK' });
      return { id: 'did:web:tck' };
    },
  } as unknown as PeerAuth,
  negotiations: { initiate } as unknown as TckHookDeps['negotiations'],
  transfers: { initiate } as unknown as TckHookDeps['transfers'],
  agreements: { findById: async () => undefined },
  bodyLimitBytes: 10_000,
};
const body = { providerId: 'did:web:p', offerId: 'o-1', datasetId: 'd-1', connectorAddress: 'https://tck.example/api/dsp' };

let server: Server;
let base: string;
beforeAll(async () => {
  const app = express();
  app.use(TCK_HOOKS_PATH, tckHooksRouter(deps));
  app.use(routeNotFound);
  app.use(problemErrorHandler('https://example.test/problems/', pino({ level: 'silent' })));
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const hook = (path: string, init: RequestInit = {}) =>
  fetch(`${base}${TCK_HOOKS_PATH}${path}`, {
    method: 'POST',
    body: JSON.stringify(body),
    ...init,
    headers: { authorization: AUTH, 'content-type': 'application/json', ...(init.headers as Record<string, string>) },
  });
const answer = async (res: Response) => ({ status: res.status, allow: res.headers.get('allow'), body: (await res.json()) as { code: string; errors?: { pointer: string }[] } });

describe('the TCK initiate hooks', () => {
  it('should start a negotiation on a well-formed call (the control)', async () => {
    initiate.mockClear();
    expect((await hook('/negotiations/requests')).status).toBe(201);
    expect(initiate).toHaveBeenCalledTimes(1);
  });

  it('should refuse a query parameter by name (INVALID_QUERY) and start nothing, after authenticating the caller', async () => {
    initiate.mockClear();
    for (const path of ['/negotiations/requests?x=1', '/transfers/requests?dryRun=true']) {
      const refused = await answer(await hook(path));
      expect([refused.status, refused.body.code, refused.body.errors?.map((e) => e.pointer)]).toEqual([400, 'INVALID_QUERY', [`?${path.split('?')[1]?.split('=')[0]}`]]);
    }
    expect((await answer(await hook('/negotiations/requests?x=1', { headers: { authorization: 'stranger' } }))).status).toBe(401);
    expect(initiate).not.toHaveBeenCalled();
  });

  it('should answer another method on a hook path with 405 and Allow: POST, and a case variant of a path with 404', async () => {
    initiate.mockClear();
    for (const method of ['GET', 'PUT', 'DELETE']) {
      const res = await answer(await hook('/negotiations/requests', { method, ...(method === 'GET' ? { body: null } : {}) }));
      expect([res.status, res.allow, res.body.code]).toEqual([405, 'POST', 'METHOD_NOT_ALLOWED']);
    }
    expect((await answer(await hook('/transfers/requests', { method: 'PATCH' }))).allow).toBe('POST');
    const variant = await answer(await hook('/Negotiations/Requests'));
    expect([variant.status, variant.body.code]).toEqual([404, 'ROUTE_NOT_FOUND']);
    expect(initiate).not.toHaveBeenCalled();
  });
});
