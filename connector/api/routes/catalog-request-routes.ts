import type { Request, Response } from 'express';
import type { CatalogRequester, CatalogRequestInput } from '../../offers/index.js';
import type { RequestValidator } from '../../http/request-validator.js';
import type { RouteDef } from '../../http/route-def.js';

/**
 * `POST /api/v1/catalog/request`: one page of a peer's catalog, as received, with a verdict per offer. Offers whose
 * credential does not verify are marked `verified: false` with the reason; do not negotiate for them.
 */
export function catalogRequestRoutes(deps: { requester: CatalogRequester; validator: RequestValidator }): RouteDef[] {
  const request = async (req: Request, res: Response) => {
    const input = deps.validator.validate<CatalogRequestInput>('CatalogRequestInput', req.body);
    const result = await deps.requester.request(input);
    res.json({ counterPartyId: result.counterPartyId, catalog: result.catalog, offers: result.offers, next: result.next ?? null });
  };
  return [{ method: 'post', path: '/api/v1/catalog/request', handler: request, body: true }];
}
