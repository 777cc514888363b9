import type { DcatCatalog } from '../../catalog/index.js';
import { ConnectorError } from '../../core/index.js';
import type { OutboundPolicy } from '../http/outbound/index.js';
import { dspRequest, joinUrl } from '../peer/dsp-http-client.js';
import type { PeerAuth } from '../peer/peer-auth.js';
import { DSP_CONTEXT } from './catalog-imports.js';
import { dspMessageViolations } from './catalog-message-check.js';
import type { OfferVerdict, OfferVerifier } from './offer-verifier.js';

export interface CatalogRequestInput {
  /** The peer's DSP base URL (its DataService endpointURL). */
  counterPartyAddress: string;
  /** The peer's DID; read from its `/.well-known/dspace-version` (serviceId) when absent. */
  counterPartyId?: string;
  filter?: unknown[];
  page?: { offset?: number; limit?: number };
  /** A `next`/`previous` URL of an earlier answer (same origin as the address); replaces `page`. */
  pageUrl?: string;
}

export interface CatalogRequestResult {
  counterPartyId: string;
  catalog: DcatCatalog;
  /** One verdict per offer of the catalog, in catalog order. */
  offers: OfferVerdict[];
  next?: string;
}

/** The peer DID a version document announces (`serviceId` = `<did>#…` of its 2025-1 entry). */
async function announcedParticipant(outbound: OutboundPolicy, address: string): Promise<string> {
  const root = new URL(address).origin;
  const { body } = await dspRequest(outbound, 'GET', `${root}/.well-known/dspace-version`, '');
  const violations = dspMessageViolations('VersionResponse', body);
  const entries = violations.length === 0 ? (body as { protocolVersions: { version: string; serviceId?: string }[] }).protocolVersions : [];
  const did = entries.find((e) => e.version === '2025-1')?.serviceId?.split('#')[0];
  if (!did?.startsWith('did:')) throw new ConnectorError('PEER_REJECTED', { detail: `${root}/.well-known/dspace-version names no participant DID; pass counterPartyId` });
  return did;
}

function pageUrlOf(input: CatalogRequestInput): string {
  const base = joinUrl(input.counterPartyAddress, 'catalog/request');
  if (input.pageUrl) {
    if (new URL(input.pageUrl).origin !== new URL(base).origin)
      throw new ConnectorError('VALIDATION_FAILED', { detail: 'pageUrl leaves the counter party', violations: [{ pointer: '/pageUrl', message: 'must be on the counter party' }] });
    return input.pageUrl;
  }
  const query = new URLSearchParams();
  if (input.page?.offset !== undefined) query.set('offset', String(input.page.offset));
  if (input.page?.limit !== undefined) query.set('limit', String(input.page.limit));
  return query.size > 0 ? `${base}?${query}` : base;
}

/**
 * The consumer side of the catalog: asks a peer for (one page of) its catalog with a token addressed to the
 * peer's DID, checks the answer against the DSP schema, and verifies every offer's credential. The catalog is
 * returned as received; offers that did not verify are marked, and nothing downstream may use them.
 */
export function createCatalogRequester(deps: { auth: PeerAuth; verifier: OfferVerifier; outbound: OutboundPolicy }) {
  return {
    async request(input: CatalogRequestInput): Promise<CatalogRequestResult> {
      const url = pageUrlOf(input);
      const counterPartyId = input.counterPartyId ?? (await announcedParticipant(deps.outbound, input.counterPartyAddress));
      const message = { '@context': [DSP_CONTEXT], '@type': 'CatalogRequestMessage', ...(input.filter ? { filter: input.filter } : {}) };
      const { body, next } = await dspRequest(deps.outbound, 'POST', url, await deps.auth.tokenFor(counterPartyId), message);
      const violations = dspMessageViolations('Catalog', body);
      if (violations.length > 0) {
        throw new ConnectorError('PEER_REJECTED', { detail: `${url} answered with an invalid Catalog: ${violations.map((v) => `${v.pointer || '/'} ${v.message}`).join('; ')}` });
      }
      const catalog = body as DcatCatalog;
      const offers = await deps.verifier.verifyCatalog(catalog, counterPartyId);
      return { counterPartyId, catalog, offers, ...(next ? { next } : {}) };
    },
  };
}

export type CatalogRequester = ReturnType<typeof createCatalogRequester>;
