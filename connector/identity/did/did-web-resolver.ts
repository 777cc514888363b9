import { withDeadline } from '../../http/deadline.js';
import { outboundRefusal } from '../../http/outbound/index.js';
import { isDidDocument } from './did-document.js';
import { didWebDocumentUrl, didWebLocation, plainHttpAllowed } from './did-web-url.js';
import { resolutionFailure, type DidMethodResolver, type DidResolution } from './did-resolver.js';

/** The subset of the WHATWG `fetch` the resolver needs; global `fetch` satisfies it. */
export type FetchLike = (
  url: string,
  init: { method: 'GET'; headers: Record<string, string>; redirect: 'error'; signal?: AbortSignal },
) => Promise<{ ok: boolean; status: number; json(): Promise<unknown>; text?(): Promise<string> }>;

export interface DidWebResolverOptions {
  fetch: FetchLike;
  /** Plain HTTP for loopback hosts (127.0.0.0/8, localhost, [::1]); tests and the demo only. */
  allowHttpLoopback?: boolean;
  /** Further host names resolved over plain HTTP (did.httpHosts; development networks only). */
  httpHosts?: readonly string[];
  /** Abort a fetch, headers and body, after this long (default 5 s); the timer holds (see `withDeadline`). */
  timeoutMs?: number;
}

/**
 * did:web over HTTPS through an injected fetch. Redirects are refused (a did:web document must be
 * served at its own URL); the served document's `id` must be the DID.
 */
export function createDidWebResolver(options: DidWebResolverOptions): DidMethodResolver {
  const allowHttp = options.allowHttpLoopback ?? false;
  const timeoutMs = options.timeoutMs ?? 5000;
  return {
    method: 'web',
    remote: true,
    async resolve(did: string): Promise<DidResolution> {
      const location = didWebLocation(did);
      const url = didWebDocumentUrl(did, allowHttp, options.httpHosts);
      if (!location || !url) return resolutionFailure('invalidDid', `${did} is not a valid did:web`);
      if (url.startsWith('http:') && !plainHttpAllowed(location.hostname, allowHttp, options.httpHosts)) {
        return resolutionFailure('notAllowed', `${did}: plain HTTP is not allowed`);
      }
      let body: unknown;
      try {
        const answer = await withDeadline(
          timeoutMs,
          async (signal) => {
            const response = await options.fetch(url, { method: 'GET', headers: { accept: 'application/did+json, application/json' }, redirect: 'error', signal });
            return { status: response.status, ok: response.ok, body: response.ok ? await response.json() : undefined };
          },
          url,
        );
        if (answer.status === 404 || answer.status === 410) return resolutionFailure('notFound', `${url} answered ${answer.status}`);
        if (!answer.ok) return resolutionFailure('unavailable', `${url} answered ${answer.status}`);
        body = answer.body;
      } catch (error) {
        if (outboundRefusal(error)) return resolutionFailure('notAllowed', `${did}: ${(error as Error).message}`);
        return resolutionFailure('unavailable', `${url}: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (!isDidDocument(body)) return resolutionFailure('invalidDidDocument', `${url} did not serve a DID document`);
      if (body.id !== did) return resolutionFailure('invalidDidDocument', `${url} served the document of ${body.id}`);
      return { ok: true, didDocument: body };
    },
  };
}
