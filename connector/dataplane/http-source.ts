import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { ConnectorError } from '../../core/index.js';
import { rangeNotSatisfiable } from './byte-range.js';
import type { DataSource } from './data-source.js';
import { idleCut } from './idle-cut.js';
import type { BackendAuth } from './httpdata/backend-auth.js';
import { backendRequest, type ConsumerRequest } from './httpdata/backend-request.js';
import type { HttpDataOptions } from './httpdata/http-data-options.js';
import { parseHttpData } from './httpdata/http-data-parse.js';

export interface HttpSourceContext {
  signal: AbortSignal;
  /** Longest wait for the backend's answer, and between two chunks of its body (dataPlane.sourceTimeoutMs). */
  timeoutMs: number;
  auth: BackendAuth;
  /** The consumer's pull request, for the proxy* switches; absent for a push. */
  request?: ConsumerRequest;
}

/**
 * Fetches an `HttpData` asset as a stream (nothing is buffered): `baseUrl`, the consumer's sub-path, query,
 * method and body as the proxy* switches allow, with the backend credential and extra headers of the address, and
 * the consumer's `Range` on a GET (the backend's 206 and its `Content-Range` are relayed, its 416 becomes ours).
 */
export async function openHttpSource(address: Record<string, unknown>, ctx: HttpSourceContext): Promise<DataSource> {
  let options: HttpDataOptions;
  try {
    options = parseHttpData(address);
  } catch {
    throw new ConnectorError('FORBIDDEN', { detail: "the asset's HttpData data address is not valid" });
  }
  const { baseUrl } = options;
  if (!baseUrl) throw new ConnectorError('FORBIDDEN', { detail: 'the HttpData data address has no http(s) baseUrl' });
  const target = backendRequest({ ...options, baseUrl }, ctx.request);
  const headers = await ctx.auth.headers(options, ctx.signal);
  if (target.contentType) headers['content-type'] = target.contentType;
  forwardRange(headers, target.method, ctx.request);
  // Our own bound beside the flow's signal: the answer within timeoutMs, then no gap longer than that in the body.
  const bound = new AbortController();
  const signal = AbortSignal.any([ctx.signal, bound.signal]);
  const answer = setTimeout(() => bound.abort(new Error('no answer in time')), ctx.timeoutMs);
  let res: Response;
  try {
    res = await fetch(target.url, { method: target.method, signal, redirect: 'error', headers, ...(target.body ? { body: target.body } : {}) });
  } catch (error) {
    const late = bound.signal.aborted && !ctx.signal.aborted;
    throw new ConnectorError('PEER_UNAVAILABLE', {
      detail: late ? `the data source did not answer within ${ctx.timeoutMs} ms` : `the data source cannot be reached (${failureCode(error)})`,
      retryable: true,
    });
  } finally {
    clearTimeout(answer);
  }
  if (res.status === 416 && ctx.request) {
    await res.body?.cancel().catch(() => undefined);
    const size = /^bytes \*\/(\d{1,15})$/.exec(res.headers.get('content-range') ?? '')?.[1];
    throw rangeNotSatisfiable('the data source cannot serve the requested byte range', size === undefined ? undefined : Number(size));
  }
  if (!res.ok) {
    await res.body?.cancel().catch(() => undefined);
    throw sourceFailure(res.status);
  }
  const length = Number(res.headers.get('content-length'));
  const contentType = res.headers.get('content-type');
  const relayed = Object.fromEntries(RELAYED.flatMap((name) => (res.headers.has(name) ? [[name, res.headers.get(name) ?? '']] : [])));
  return {
    stream: res.body
      ? idleCut(Readable.fromWeb(res.body as unknown as WebReadableStream<Uint8Array>, { signal }), ctx.timeoutMs, (reason) => bound.abort(reason))
      : Readable.from([]),
    // A passed-through request's success status (201, 204, …) goes back to the consumer as the backend gave it.
    ...(ctx.request && res.status !== 200 ? { status: res.status } : {}),
    ...(Number.isSafeInteger(length) && length >= 0 && res.headers.has('content-length') ? { size: length } : {}),
    ...(contentType ? { contentType } : {}),
    ...(ctx.request && Object.keys(relayed).length > 0 ? { headers: relayed } : {}),
  };
}

/**
 * A backend's error answer, its status only (never its URL or body): a 5xx, 408 or 429 may pass (503 with
 * Retry-After; a push retries), any other refusal (a 4xx: the asset's address, credential or the consumer's
 * passed-through request is wrong) will not, so it is a 502 marked `retryable: false`, without Retry-After.
 */
function sourceFailure(status: number): ConnectorError {
  if (status >= 500 || status === 408 || status === 429) return new ConnectorError('PEER_UNAVAILABLE', { detail: `the data source answered ${status}`, retryable: true });
  return new ConnectorError('PEER_REJECTED', {
    detail: `the data source refused the request (it answered ${status}); retrying the same request will not help`,
    retryable: false,
    extensions: { retryable: false },
  });
}

/** Backend response headers that describe a range answer, relayed to the consumer as the backend gave them. */
const RELAYED = ['content-range', 'accept-ranges'] as const;

/**
 * A consumer's `Range` (with its `If-Range`) goes to the backend on a GET: it reads part of the same resource, and
 * the backend, which knows the resource, decides (206, 416 or the whole body). An asset that sets a `Range` header
 * of its own cannot take the consumer's: that is refused, not silently overridden either way.
 */
function forwardRange(headers: Record<string, string>, method: string, request: ConsumerRequest | undefined): void {
  if (method !== 'GET' || request?.range === undefined) return;
  if (Object.keys(headers).some((name) => name.toLowerCase() === 'range' || name.toLowerCase() === 'if-range')) {
    throw new ConnectorError('VALIDATION_FAILED', { detail: "this asset sets its own Range header; the consumer's Range cannot be passed through" });
  }
  headers.range = request.range;
  if (request.ifRange !== undefined) headers['if-range'] = request.ifRange;
}

/**
 * A failed fetch as a code for the consumer (ECONNREFUSED, UND_ERR_SOCKET, TypeError, …), never its message:
 * fetch messages may carry the source URL, and with it the provider's credentials (`user:pw@`, `?sig=`).
 */
function failureCode(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown } })?.cause;
  if (typeof cause?.code === 'string' && /^[A-Z0-9_]{1,40}$/.test(cause.code)) return cause.code;
  return error instanceof Error && /^[A-Za-z]{1,40}$/.test(error.name) ? error.name : 'request failed';
}
