import { ConnectorError } from '../../core/index.js';
import { boundedFetch, type BoundedResponse, type OutboundTarget } from '../http/bounded-fetch.js';
import { boundedRequest } from '../http/bounded-request.js';
import { OutboundLimitError } from '../http/deadline.js';
import { PeerRejection } from './peer-rejection.js';

/** Largest DSP (or DCP presentation) answer read; more is a misbehaving peer. */
export const DSP_MAX_RESPONSE_BYTES = 4 * 1024 * 1024;

export interface DspResponse {
  status: number;
  body: unknown;
  /** The RFC 8288 `rel="next"` link, when the answer is one page of several. */
  next?: string;
}

/**
 * Sends one DSP message. Transport failures, timeouts and 5xx answers are PEER_UNAVAILABLE (retryable);
 * 4xx answers are PEER_REJECTED (final), and so is an answer over DSP_MAX_RESPONSE_BYTES. `authorization` is the
 * whole header value. The timeout covers the whole exchange and holds (see `boundedFetch`).
 * `notFoundRetryable`: a 404 is PEER_UNAVAILABLE (retryable) too. For negotiation and transfer messages: a peer
 * may answer 404 to a message about a process it has not recorded yet (the TCK does, before its handler is set).
 * The URL passes `target`, the calling connector's outbound policy (OUTBOUND_REFUSED, final), unless it is `'operator'`
 * (the configured authority).
 */
export async function dspRequest(
  target: OutboundTarget,
  method: 'GET' | 'POST',
  url: string,
  authorization: string,
  message?: unknown,
  timeoutMs = 10_000,
  options: { notFoundRetryable?: boolean } = {},
): Promise<DspResponse> {
  let res: BoundedResponse;
  try {
    const init = {
      method,
      headers: { authorization, accept: 'application/json', ...(message === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(message === undefined ? {} : { body: JSON.stringify(message) }),
    };
    res =
      target === 'operator'
        ? await boundedFetch(url, { ...init, redirect: 'error' }, { timeoutMs, maxBytes: DSP_MAX_RESPONSE_BYTES, target })
        : await boundedRequest(url, init, { timeoutMs, maxBytes: DSP_MAX_RESPONSE_BYTES, target });
  } catch (error) {
    if (error instanceof ConnectorError) throw error;
    if (error instanceof OutboundLimitError && error.limit === 'size')
      throw new ConnectorError('PEER_REJECTED', { detail: `${method} ${url} answered more than ${DSP_MAX_RESPONSE_BYTES} bytes`, cause: error });
    const cause = (error as Error).cause instanceof Error ? ` (${((error as Error).cause as Error).message})` : ''; // fetch hides a refused certificate there
    throw new ConnectorError('PEER_UNAVAILABLE', {
      detail: `${method} ${url} failed: ${(error as Error).name === 'TimeoutError' ? 'timed out' : (error as Error).message}${cause}`,
      cause: error,
      retryable: true,
    });
  }
  const text = res.text;
  let body: unknown;
  try {
    body = text.length > 0 ? JSON.parse(text) : undefined;
  } catch {
    body = text.slice(0, 500);
  }
  if (res.status >= 500 || res.status === 429 || (res.status === 404 && options.notFoundRetryable === true)) {
    throw new ConnectorError('PEER_UNAVAILABLE', { detail: `${method} ${url} answered ${res.status}`, retryable: true });
  }
  if (res.status >= 400) {
    const reasons = (body as { reason?: unknown } | undefined)?.reason;
    const reason = Array.isArray(reasons)
      ? reasons.map(String).join('; ').slice(0, 1000)
      : typeof body === 'object' && body !== null
        ? JSON.stringify(body).slice(0, 300)
        : String(body ?? '');
    const code = (body as { code?: unknown } | undefined)?.code;
    throw new PeerRejection(`${method} ${url} answered ${res.status}: ${reason}`, res.status, typeof code === 'string' ? code.slice(0, 200) : undefined);
  }
  const next = /<([^>]+)>\s*;\s*rel="?next"?/.exec(res.headers.get('link') ?? '')?.[1];
  return { status: res.status, body, ...(next ? { next: new URL(next, url).toString() } : {}) };
}

/**
 * Joins a base URL and a path, coping with a trailing slash on the base (DSP 2025-1, HTTPS bindings: paths relative to
 * the base URL). A base with a query or a fragment is refused: the path would land in it, and the message at the
 * base's own path.
 */
export function joinUrl(base: string, path: string): string {
  if (/[?#]/.test(base)) throw new ConnectorError('VALIDATION_FAILED', { detail: `'${base.slice(0, 200)}' has a query or a fragment: it cannot be the base of a DSP path` });
  return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}
