import type { Request, Response } from 'express';
import { describe, expect, it } from 'vitest';
import type { CatalogRequester } from '../../offers/index.js';
import { RequestValidator } from '../../http/request-validator.js';
import { openApiDocument } from '../openapi-document.js';
import { edcCatalogRoutes } from './edc-catalog-routes.js';

const requested: unknown[] = [];
const requester = {
  request: async (input: unknown) => {
    requested.push(input);
    return { catalog: { '@id': 'c', '@type': 'Catalog', participantId: 'did:web:p', dataset: [] } };
  },
} as unknown as CatalogRequester;
const [catalogRoute] = edcCatalogRoutes({ requester, validator: new RequestValidator(openApiDocument) });

/** Runs POST /management/v3/catalog/request with this querySpec; the refusal, or undefined when it was passed on. */
async function refusalOf(querySpec: Record<string, unknown>): Promise<unknown> {
  const body = {
    '@context': { '@vocab': 'https://w3id.org/edc/v0.0.1/ns/' },
    '@type': 'CatalogRequest',
    counterPartyAddress: 'http://127.0.0.1:9/api/dsp',
    protocol: 'dataspace-protocol-http:2025-1',
    querySpec: { '@type': 'QuerySpec', ...querySpec },
  };
  const res = { status: () => res, json: () => res } as unknown as Response;
  try {
    await catalogRoute?.handler({ body } as Request, res, () => undefined);
    return undefined;
  } catch (error) {
    return error;
  }
}

describe('POST /management/v3/catalog/request', () => {
  it('should name the field it cannot honour: sortField, filterExpression, an offset beyond what a DSP catalog takes', async () => {
    expect(catalogRoute?.path).toBe('/management/v3/catalog/request');
    expect(await refusalOf({ sortField: 'id', sortOrder: 'DESC' })).toMatchObject({ violations: [{ pointer: '/querySpec/sortField' }] });
    expect(await refusalOf({ filterExpression: [{ operandLeft: 'id', operator: '=', operandRight: 'x' }] })).toMatchObject({
      violations: [{ pointer: '/querySpec/filterExpression' }],
    });
    expect(await refusalOf({ offset: 2_000_000_000 })).toMatchObject({
      code: 'VALIDATION_FAILED',
      violations: [{ pointer: '/querySpec/offset', message: 'must be an integer from 0 to 1000000000' }],
    });
    expect(requested).toEqual([]);
  });

  it('should pass the largest offset a DSP catalog takes on to the requester', async () => {
    expect(await refusalOf({ offset: 1_000_000_000, limit: 5 })).toBeUndefined();
    expect(requested).toEqual([{ counterPartyAddress: 'http://127.0.0.1:9/api/dsp', page: { offset: 1_000_000_000, limit: 5 } }]);
  });
});
