import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConnector, type RunningConnector } from '../../../test/helpers/start-connector.js';
import { parseIfMatch } from './resource-routes.js';

const asset = (title: string) => ({ properties: { title }, dataAddress: { type: 'HttpData', baseUrl: 'http://127.0.0.1:9/x' } });

describe('parseIfMatch', () => {
  it('should read a strong ETag, ignore * and absence, and refuse a weak one as never matching', () => {
    expect([parseIfMatch('"v2"'), parseIfMatch(' "v2" '), parseIfMatch('*'), parseIfMatch(undefined)]).toEqual([2, 2, undefined, undefined]);
    expect(() => parseIfMatch('W/"v2"')).toThrow(expect.objectContaining({ code: 'VERSION_CONFLICT', detail: expect.stringContaining('weak ETag') }));
    expect(() => parseIfMatch('yesterday')).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
  });
});

describe('resource routes', () => {
  let c: RunningConnector;
  beforeAll(async () => {
    c = await startConnector('sqlite');
  });
  afterAll(async () => c?.stop());

  it('should answer a POST to the collection with a trailing slash with a Location that reads the resource', async () => {
    const resources = [
      ['/api/v1/assets/', { id: 'ts1', ...asset('slash') }, '/api/v1/assets/ts1'],
      ['/api/v1/policies/', { id: 'ts-p', policy: { '@type': 'Set', permission: [{ action: 'use' }] } }, '/api/v1/policies/ts-p'],
      ['/api/v1/contract-definitions/', { id: 'ts-cd', accessPolicyId: 'ts-p', contractPolicyId: 'ts-p' }, '/api/v1/contract-definitions/ts-cd'],
    ] as const;
    for (const [path, json, location] of resources) {
      const created = await c.api(path, { method: 'POST', json });
      expect([created.status, created.headers.get('location')]).toEqual([201, location]);
      expect((await c.api(location)).status).toBe(200);
    }
  });

  it('should refuse a weak ETag in If-Match (strong comparison) as a stale one is, and change nothing', async () => {
    expect((await c.api('/api/v1/assets', { method: 'POST', json: { id: 'weak', ...asset('v1') } })).status).toBe(201);
    expect((await c.api('/api/v1/assets/weak', { method: 'PUT', json: asset('v2'), headers: { 'if-match': '"v1"' } })).status).toBe(200);
    for (const init of [
      { method: 'PUT', json: asset('v3'), headers: { 'if-match': 'W/"v2"' } },
      { method: 'DELETE', headers: { 'if-match': 'W/"v2"' } },
    ]) {
      const res = await c.api('/api/v1/assets/weak', init);
      expect([res.status, ((await res.json()) as { code: string }).code]).toEqual([409, 'VERSION_CONFLICT']);
    }
    const kept = await c.api('/api/v1/assets/weak');
    expect([kept.headers.get('etag'), ((await kept.json()) as { properties: { title: string } }).properties.title]).toEqual(['"v2"', 'v2']);
    expect((await c.api('/api/v1/assets/weak', { method: 'PUT', json: asset('v3'), headers: { 'if-match': '"v2"' } })).status).toBe(200);
  });
});
