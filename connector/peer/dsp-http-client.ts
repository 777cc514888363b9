import { ConnectorError } from '../../core/index.js';

export interface DspResponse {
  status: number;
  body: unknown;
  /** The RFC 8288 `rel="next"` link, when the answer is one page of several. */
  next?: string;
}

/**
 * Sends one DSP message. Transport failures, timeouts and 5xx answers are PEER_UNAVAILABLE (retryable);
 * 4xx answers are PEER_REJECTED (final). `authorization` is the whole header value.
 */
export async function dspRequest(method: 'GET' | 'POST', url: string, authorization: string, message?: unknown, timeoutMs = 10_000): Promise<DspResponse> {
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      headers: { authorization, accept: 'application/json', ...(message === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(message === undefined ? {} : { body: JSON.stringify(message) }),
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'error',
    });
  } catch (error) {
    throw new ConnectorError('PEER_UNAVAILABLE', { detail: `${method} ${url} failed: ${(error as Error).name === 'TimeoutError' ? 'timed out' : (error as Error).message}`, cause: error, retryable: true });
  }
  const text = await res.text();
  let body: unknown;
  try {
    body = text.length > 0 ? JSON.parse(text) : undefined;
  } catch {
    body = text.slice(0, 500);
  }
  if (res.status >= 500 || res.status === 429) {
    throw new ConnectorError('PEER_UNAVAILABLE', { detail: `${method} ${url} answered ${res.status}`, retryable: true });
  }
  if (res.status >= 400) {
    const reasons = (body as { reason?: unknown } | undefined)?.reason;
    const reason = Array.isArray(reasons) ? reasons.map(String).join('; ').slice(0, 1000) : typeof body === 'object' && body !== null ? JSON.stringify(body).slice(0, 300) : String(body ?? '');
    throw new ConnectorError('PEER_REJECTED', { detail: `${method} ${url} answered ${res.status}: ${reason}` });
  }
  const next = /<([^>]+)>\s*;\s*rel="?next"?/.exec(res.headers.get('link') ?? '')?.[1];
  return { status: res.status, body, ...(next ? { next: new URL(next, url).toString() } : {}) };
}

/** Joins a base URL and a path, coping with a trailing slash on the base (DSP §8). */
export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}
