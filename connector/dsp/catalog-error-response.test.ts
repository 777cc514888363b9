import type { Request, Response } from 'express';
import { describe, expect, it } from 'vitest';
import { ConnectorError, ERROR_CODES, type ErrorCode } from '../../core/index.js';
import { catalogRouteFallback, toCatalogError } from './catalog-error-response.js';

const CTX = ['https://w3id.org/dspace/2025/1/context.jsonld'];

describe("toCatalogError (the catalog's DSP error)", () => {
  it.each([
    ['VALIDATION_FAILED', 400],
    ['INVALID_QUERY', 400],
    ['INVALID_TRANSITION', 400],
    ['UNAUTHORIZED', 401],
    ['FORBIDDEN', 403],
    ['NOT_FOUND', 404],
    ['BODY_TOO_LARGE', 413],
    ['UNSUPPORTED_MEDIA_TYPE', 415],
  ] as const)('%s → %i, a CatalogError with our code and the detail as its reason', (code, status) => {
    expect(toCatalogError(new ConnectorError(code as ErrorCode, { detail: 'what went wrong' }))).toEqual({
      status,
      body: { '@context': CTX, '@type': 'CatalogError', code, reason: ['what went wrong'] },
    });
  });

  it('gives the title when there is no detail, and says only that something failed for an internal error', () => {
    expect(toCatalogError(new ConnectorError('NOT_FOUND')).body.reason).toEqual(['The resource does not exist']);
    expect(toCatalogError(new ConnectorError('INTERNAL', { detail: 'at db.ts:42 password=…' }))).toEqual({
      status: 500,
      body: { '@context': CTX, '@type': 'CatalogError', code: 'INTERNAL', reason: ['An internal error occurred'] },
    });
  });
});

describe('a stored value that does not open (STORE_INTEGRITY) in the catalog', () => {
  const broken = new ConnectorError('STORE_INTEGRITY', { detail: "assets.dataAddress of 'x2' does not open (tampered, or moved from another row)", retryable: false });

  // Review: the CatalogError named the table, the column and a hidden asset to every peer.
  it('should give peers a CatalogError whose reason names no table, column or row', () => {
    expect(toCatalogError(broken)).toEqual({
      status: 503,
      body: { '@context': CTX, '@type': 'CatalogError', code: 'STORE_INTEGRITY', reason: ['A stored value failed its integrity check'] },
    });
  });
});

describe('a failure on our side (5xx) in the catalog', () => {
  // Review: a store the connector could not reach or a KEK it does not hold was described to every peer.
  it('should give peers only the code and its title for STORE_UNAVAILABLE, not the detail', () => {
    const down = new ConnectorError('STORE_UNAVAILABLE', { detail: "the artifact KEK 'kek-2' is not configured on this replica (host db-internal:5432)" });
    expect(toCatalogError(down)).toEqual({
      status: 503,
      body: { '@context': CTX, '@type': 'CatalogError', code: 'STORE_UNAVAILABLE', reason: [ERROR_CODES.STORE_UNAVAILABLE.title] },
    });
  });
});

describe('catalogRouteFallback', () => {
  const fallback = catalogRouteFallback({ '/catalog/request': ['POST'], '/catalog/datasets/[^/]+': ['GET'] });
  const run = (method: string, path: string) => {
    const headers: Record<string, string> = {};
    let passed: unknown;
    const req = { method, path, originalUrl: `${path}?x=1` } as Request;
    const res = {
      set: (name: string, value: string) => {
        headers[name] = value;
      },
    } as unknown as Response;
    fallback(req, res, (error?: unknown) => {
      passed = error;
    });
    const e = passed as ConnectorError;
    return { code: e.code, detail: e.detail, headers };
  };

  it('a known path with another method: METHOD_NOT_ALLOWED (405) with Allow', () => {
    expect(run('GET', '/catalog/request')).toEqual({ code: 'METHOD_NOT_ALLOWED', detail: 'GET is not supported here; use POST', headers: { Allow: 'POST' } });
    expect(run('DELETE', '/catalog/datasets/ds-1')).toMatchObject({ code: 'METHOD_NOT_ALLOWED', headers: { Allow: 'GET' } });
  });

  it('any other path: ROUTE_NOT_FOUND naming it without its query, and no Allow', () => {
    expect(run('GET', '/catalog/datasets/a/b')).toEqual({ code: 'ROUTE_NOT_FOUND', detail: 'no DSP catalog route GET /catalog/datasets/a/b', headers: {} });
    expect(run('POST', '/catalog/requestx')).toMatchObject({ code: 'ROUTE_NOT_FOUND' });
  });
});
