import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { ConnectorError } from '../../core/index.js';
import type { DataSource } from './data-source.js';

/** Fetches an `HttpData` asset (`baseUrl`, optional `authorization` header value) as a stream; nothing is buffered. */
export async function openHttpSource(address: Record<string, unknown>, signal: AbortSignal): Promise<DataSource> {
  const url = address.baseUrl;
  if (typeof url !== 'string' || !/^https?:\/\//.test(url)) throw new ConnectorError('FORBIDDEN', { detail: 'the HttpData data address has no http(s) baseUrl' });
  let res: Response;
  try {
    res = await fetch(url, { signal, redirect: 'error', headers: typeof address.authorization === 'string' ? { authorization: address.authorization } : {} });
  } catch (error) {
    throw new ConnectorError('PEER_UNAVAILABLE', { detail: `the data source cannot be reached (${failureCode(error)})`, retryable: true });
  }
  if (!res.ok || !res.body) {
    await res.body?.cancel().catch(() => undefined);
    throw new ConnectorError('PEER_UNAVAILABLE', { detail: `the data source answered ${res.status}`, retryable: res.status >= 500 });
  }
  const length = Number(res.headers.get('content-length'));
  const contentType = res.headers.get('content-type');
  return {
    stream: Readable.fromWeb(res.body as unknown as WebReadableStream<Uint8Array>, { signal }),
    ...(Number.isSafeInteger(length) && length >= 0 && res.headers.has('content-length') ? { size: length } : {}),
    ...(contentType ? { contentType } : {}),
  };
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
