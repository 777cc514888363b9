import { ConnectorError } from '../../core/index.js';
import type { OutboundPolicy } from '../http/outbound/index.js';
import { dspRequest, joinUrl } from '../peer/dsp-http-client.js';
import { DSP_CONTEXT } from './catalog-imports.js';

type Json = Record<string, unknown>;
const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

/**
 * Finds an offer by id in a provider's catalog (following up to `maxPages` pages) and returns it with its
 * `target` set to the dataset that carries it. NOT_FOUND when the provider does not offer it to us.
 */
export async function findOfferInCatalog(input: { counterPartyAddress: string; offerId: string; token: string; outbound: OutboundPolicy; maxPages?: number }): Promise<Json> {
  let url: string | undefined = joinUrl(input.counterPartyAddress, 'catalog/request');
  for (let page = 0; url && page < (input.maxPages ?? 50); page++) {
    const { body, next } = await dspRequest(input.outbound, 'POST', url, input.token, { '@context': [DSP_CONTEXT], '@type': 'CatalogRequestMessage' });
    for (const dataset of asArray((body as Json | undefined)?.dataset)) {
      const d = dataset as Json;
      const offer = asArray(d.hasPolicy).find((o) => (o as Json)['@id'] === input.offerId) as Json | undefined;
      if (offer) return { ...offer, target: offer.target ?? d['@id'] };
    }
    url = next;
  }
  throw new ConnectorError('NOT_FOUND', { detail: `the provider's catalog has no offer '${input.offerId}' for us` });
}
