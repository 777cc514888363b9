import { ConnectorError } from '../../core/index.js';
import type { CatalogRequester } from './catalog-requester.js';

type Json = Record<string, unknown>;
const asArray = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/**
 * Finds an offer in a provider's catalog (following up to `maxPages` pages) and returns it with its `target` set to
 * the dataset that carries it, only when its credential verified: an offer that does not verify is never used
 * (PEER_REJECTED with the reason). `acceptUnsigned`: an offer from this provider that carries no credential at all (EDC
 * and Tractus-X connectors sign none) is used as it is; a credential that is present must verify all the same.
 * NOT_FOUND when the provider does not offer it to us.
 */
export async function findVerifiedOffer(
  requester: CatalogRequester,
  input: { counterPartyAddress: string; counterPartyId: string; offerId: string; maxPages?: number; acceptUnsigned?: boolean },
): Promise<Json> {
  let pageUrl: string | undefined;
  for (let page = 0; page < (input.maxPages ?? 50); page++) {
    const result = await requester.request({ counterPartyAddress: input.counterPartyAddress, counterPartyId: input.counterPartyId, ...(pageUrl ? { pageUrl } : {}) });
    for (const dataset of asArray(result.catalog.dataset) as Json[]) {
      const offer = asArray(dataset.hasPolicy).find((o) => (o as Json)['@id'] === input.offerId) as Json | undefined;
      if (!offer) continue;
      const verdict = result.offers.find((v) => v.offerId === input.offerId && v.datasetId === dataset['@id']);
      if (!verdict?.verified && !(verdict?.unsigned && input.acceptUnsigned))
        throw new ConnectorError('PEER_REJECTED', { detail: `offer '${input.offerId}' is not used: ${verdict?.reason ?? 'not verified'}` });
      return { ...offer, target: offer.target ?? dataset['@id'] };
    }
    pageUrl = result.next;
    if (!pageUrl) break;
  }
  throw new ConnectorError('NOT_FOUND', { detail: `the provider's catalog has no offer '${input.offerId}' for us` });
}
