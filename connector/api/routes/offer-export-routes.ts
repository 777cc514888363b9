import type { Request, Response } from 'express';
import { dataService, pullFormat, resolveOffer, toDcatDataset, type OfferLookup } from '../../../catalog/index.js';
import { ConnectorError, type Clock, type IdGenerator } from '../../../core/index.js';
import { gaiaXOffering } from '../../offers/index.js';
import type { RouteDef } from '../../http/route-def.js';

/**
 * `GET /api/v1/offers/{offerId}/gaia-x`: one of this connector's current offers as a signed Gaia-X style
 * ServiceOffering / DataResource credential. NOT_FOUND for an unknown or stale offer id; FORBIDDEN without
 * signing keys (development identity).
 */
export function offerExportRoutes(deps: {
  lookup: OfferLookup;
  provider: string;
  dspUrl: string;
  clock: Clock;
  ids: IdGenerator;
  sign: ((unsigned: Record<string, unknown>) => Promise<Record<string, unknown>>) | undefined;
}): RouteDef[] {
  const exportGaiaX = async (req: Request, res: Response) => {
    const id = String(req.params.offerId);
    const sign = deps.sign;
    if (!sign) throw new ConnectorError('FORBIDDEN', { detail: 'offers are signed only with the DCP identity (identity.kind=dcp)' });
    const resolved = await resolveOffer(id, deps.lookup);
    if (!resolved.ok) throw new ConnectorError('NOT_FOUND', { detail: resolved.detail });
    const { asset, definition, contractPolicy } = resolved.offer;
    const publisher = { participantId: deps.provider, service: dataService(`${deps.provider}#dsp`, deps.dspUrl), formatsFor: pullFormat };
    const dataset = toDcatDataset(asset, [{ definition, contractPolicy }], publisher).dataset;
    const offer = dataset?.hasPolicy.find((o) => o['@id'] === id);
    if (!dataset || !offer) throw new ConnectorError('NOT_FOUND', { detail: `offer '${id}' cannot be expressed in DSP` });
    const containsPII = typeof asset.properties.containsPII === 'boolean' ? asset.properties.containsPII : undefined;
    res.json(
      await sign(gaiaXOffering({ id: `urn:uuid:${deps.ids.next()}`, provider: deps.provider, dspUrl: deps.dspUrl, dataset, offer, containsPII, issuedAt: deps.clock.now() })),
    );
  };
  return [{ method: 'get', path: '/api/v1/offers/{offerId}/gaia-x', handler: exportGaiaX }];
}
