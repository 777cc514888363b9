import { ConnectorError } from '../../core/index.js';
import type { BoundedResponse } from '../http/bounded-fetch.js';
import { boundedRequest } from '../http/bounded-request.js';
import { OutboundLimitError } from '../http/deadline.js';
import type { OutboundPolicy } from '../http/outbound/index.js';
import { joinUrl } from './dsp-http-client.js';

/** Largest answer of a site read (an update of up to a million parameters as JSON fits). */
export const SITE_MAX_RESPONSE_BYTES = 48 * 1024 * 1024;

/** Longest reason of a site's refusal kept (characters): it is stored in audit entries and shown in documents. */
export const SITE_REASON_MAX_CHARS = 300;

/** A site-supplied reason as one line of at most SITE_REASON_MAX_CHARS: control characters and newlines become spaces. */
export function siteReason(detail: unknown, fallback: string): string {
  const text = (typeof detail === 'string' ? detail : detail === undefined || detail === null ? fallback : JSON.stringify(detail))
    // biome-ignore lint/suspicious/noControlCharactersInRegex: replacing control characters is the point
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ')
    .trim();
  if (text.length <= SITE_REASON_MAX_CHARS) return text || fallback;
  const cut = text.slice(0, SITE_REASON_MAX_CHARS - 1);
  return `${/[\ud800-\udbff]$/.test(cut) ? cut.slice(0, -1) : cut}…`;
}

/** POST JSON to a site's training endpoint; a refusal becomes POLICY_DENIED (403) or PEER_REJECTED with the site's detail. */
export async function postToSite<T>(
  outbound: OutboundPolicy,
  endpoint: string,
  path: string,
  /** The `Authorization` header, or undefined when `extraHeaders` carry the credential (a training session token). */
  authorization: string | undefined,
  body: unknown,
  extraHeaders: Record<string, string> = {},
  timeoutMs = 60_000,
): Promise<T> {
  let res: BoundedResponse;
  try {
    res = await boundedRequest(
      joinUrl(endpoint, path),
      {
        method: 'POST',
        headers: { ...(authorization === undefined ? {} : { authorization }), 'content-type': 'application/json', ...extraHeaders },
        body: JSON.stringify(body),
      },
      { timeoutMs, maxBytes: SITE_MAX_RESPONSE_BYTES, target: outbound },
    );
  } catch (error) {
    if (error instanceof ConnectorError) throw error;
    if (error instanceof OutboundLimitError && error.limit === 'size')
      throw new ConnectorError('PEER_REJECTED', { detail: `${endpoint} answered more than ${SITE_MAX_RESPONSE_BYTES} bytes` });
    throw new ConnectorError('PEER_UNAVAILABLE', { detail: `${endpoint}: ${(error as Error).message}`, retryable: true });
  }
  const text = res.text;
  let json: Record<string, unknown>;
  try {
    const parsed: unknown = text ? JSON.parse(text) : {};
    json = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  } catch {
    // A proxy's error page, a cut connection: unavailable (a straggler), not a refusal; a 2xx that is not JSON is a faulty site.
    if (res.status >= 500 || res.status === 0) throw new ConnectorError('PEER_UNAVAILABLE', { detail: `${endpoint} answered ${res.status} without JSON`, retryable: true });
    throw new ConnectorError('PEER_REJECTED', { detail: `${endpoint} answered ${res.status} with a body that is not JSON` });
  }
  if (res.status === 403) throw new ConnectorError('POLICY_DENIED', { detail: siteReason(json.detail, 'the site denied the round') });
  if (res.status >= 500) throw new ConnectorError('PEER_UNAVAILABLE', { detail: `${endpoint} answered ${res.status}`, retryable: true });
  if (res.status >= 400) throw new ConnectorError('PEER_REJECTED', { detail: `${endpoint} answered ${res.status}: ${siteReason(json.detail, '')}` });
  return json as T;
}

/** Whether a site refused a call as unauthenticated (401): e.g. a training session it no longer knows. */
export function refusedAsUnauthenticated(error: unknown): boolean {
  return error instanceof ConnectorError && error.code === 'PEER_REJECTED' && / answered 401: /.test(error.detail ?? '');
}
