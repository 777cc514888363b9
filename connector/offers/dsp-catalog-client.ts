import { ConnectorError } from '../../core/index.js';
import { boundedFetch } from '../http/bounded-fetch.js';
import { createOutboundPolicy, type OutboundPolicy } from '../http/outbound/index.js';
import { OutboundLimitError } from '../http/deadline.js';
import type { DcatCatalog, RootDataset } from './catalog-imports.js';
import { DSP_CONTEXT } from './catalog-imports.js';
import { parseLinkHeader } from '../http/link-header.js';
import { dspMessageViolations } from './catalog-message-check.js';
import type { CatalogMessageType } from './catalog-message-schemas.js';
import type { VersionResponse } from '../peer/version-document.js';

export interface DspCatalogClientOptions {
  fetch?: typeof fetch;
  /** Which peers may be called; default: the development policy (loopback allowed, https elsewhere). */
  outbound?: OutboundPolicy;
  /** Per request, the whole exchange; default 10 s. */
  timeoutMs?: number;
  /** Largest answer read; default 16 MiB. */
  maxBytes?: number;
}

export interface CatalogResponse {
  catalog: DcatCatalog;
  /** Absolute URLs from the `Link` header, to pass back as `pageUrl`. */
  next?: string;
  previous?: string;
}

interface CatalogErrorBody {
  code?: string;
  reason?: unknown[];
}

const trim = (url: string) => url.replace(/\/+$/, '');

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    throw new ConnectorError('VALIDATION_FAILED', { detail: `'${url}' is not an absolute URL` });
  }
}

/**
 * The consumer side of the DSP 2025-1 catalog protocol. `peerUrl` is the peer's DSP base URL (its DataService
 * `endpointURL`). Every response is checked against our own message schemas. Failures: the peer cannot be
 * reached or timed out → PEER_UNAVAILABLE (retryable); it answered with an error or with something that is not a
 * valid DSP message → PEER_REJECTED (retryable only for 5xx).
 */
export function createDspCatalogClient(options: DspCatalogClientOptions = {}) {
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxBytes = options.maxBytes ?? 16 * 1024 * 1024;
  const target = options.outbound ?? createOutboundPolicy({ allowLoopback: true });

  async function exchange<T>(type: CatalogMessageType, url: string, init: RequestInit): Promise<{ body: T; response: { ok: boolean; status: number; headers: Headers } }> {
    originOf(url);
    let response: { ok: boolean; status: number; headers: Headers };
    let text: string;
    try {
      ({ text, ...response } = await boundedFetch(url, { ...init, redirect: 'error' }, { timeoutMs, maxBytes, target }, doFetch));
    } catch (error) {
      if (error instanceof OutboundLimitError && error.limit === 'size')
        throw new ConnectorError('PEER_REJECTED', { detail: `${url} answered more than ${maxBytes} bytes`, cause: error });
      throw new ConnectorError('PEER_UNAVAILABLE', { detail: `${url} could not be reached`, cause: error });
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    if (!response.ok) throw rejected(url, response.status, json);
    const violations = json === undefined ? [{ pointer: '', message: 'is not JSON' }] : dspMessageViolations(type, json);
    if (violations.length > 0) {
      const detail = `${url} answered with an invalid ${type}: ${violations.map((v) => `${v.pointer || '/'} ${v.message}`).join('; ')}`;
      throw new ConnectorError('PEER_REJECTED', { detail, violations });
    }
    return { body: json as T, response };
  }

  return {
    /** POST `<peer>/catalog/request`; `pageUrl` (a `next`/`previous` link of an earlier answer) picks a page. */
    async requestCatalog(peerUrl: string, token: string, filter?: readonly unknown[], pageUrl?: string): Promise<CatalogResponse> {
      const url = pageUrl ?? `${trim(peerUrl)}/catalog/request`;
      if (originOf(url) !== originOf(peerUrl)) {
        throw new ConnectorError('PEER_REJECTED', { detail: `page link ${url} leaves the peer ${peerUrl}; not following it` });
      }
      const message = { '@context': [DSP_CONTEXT], '@type': 'CatalogRequestMessage', ...(filter ? { filter: [...filter] } : {}) };
      const { body, response } = await exchange<DcatCatalog>('Catalog', url, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(message),
      });
      const links = parseLinkHeader(response.headers.get('link'), url);
      const next = links.get('next');
      const previous = links.get('previous');
      return { catalog: body, ...(next ? { next } : {}), ...(previous ? { previous } : {}) };
    },

    /** GET `<peer>/catalog/datasets/{id}`. */
    async getDataset(peerUrl: string, token: string, datasetId: string): Promise<RootDataset> {
      const url = `${trim(peerUrl)}/catalog/datasets/${encodeURIComponent(datasetId)}`;
      const { body } = await exchange<RootDataset>('Dataset', url, { headers: { authorization: `Bearer ${token}`, accept: 'application/json' } });
      return body;
    },

    /** GET `<root>/.well-known/dspace-version` (unauthenticated). */
    async getVersions(rootUrl: string): Promise<VersionResponse> {
      const { body } = await exchange<VersionResponse>('VersionResponse', `${trim(rootUrl)}/.well-known/dspace-version`, { headers: { accept: 'application/json' } });
      return body;
    },
  };
}

export type DspCatalogClient = ReturnType<typeof createDspCatalogClient>;

function rejected(url: string, status: number, json: unknown): ConnectorError {
  const error = dspMessageViolations('CatalogError', json).length === 0 ? (json as CatalogErrorBody) : undefined;
  const why = error ? `: ${[error.code, ...(error.reason ?? []).map(String)].filter(Boolean).join(' — ')}` : '';
  return new ConnectorError('PEER_REJECTED', { detail: `${url} answered ${status}${why}`, retryable: status >= 500 });
}

const defaultClient = createDspCatalogClient();

/** `createDspCatalogClient().requestCatalog` with the global fetch. */
export const requestCatalog: DspCatalogClient['requestCatalog'] = (...args) => defaultClient.requestCatalog(...args);
/** `createDspCatalogClient().getDataset` with the global fetch. */
export const getDataset: DspCatalogClient['getDataset'] = (...args) => defaultClient.getDataset(...args);
