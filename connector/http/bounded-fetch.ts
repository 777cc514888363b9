import { OutboundLimitError, withDeadline } from './deadline.js';
import type { OutboundPolicy } from './outbound/outbound-policy.js';
import { outboundRefusal } from './outbound/outbound-refusal.js';

export interface OutboundBounds {
  /** The whole exchange, headers and body, must be over within this long. */
  timeoutMs: number;
  /** Most bytes of body read; a longer answer (declared or streamed) is refused. */
  maxBytes: number;
  /** Leave the body unread (cancelled): for calls whose answer is only a status. */
  discardBody?: boolean;
  /** Plain http to any host the address policy allows (webhooks.allowHttp). */
  allowHttp?: boolean;
  /**
   * Whose target this is: a peer's or a client's (the connector's outbound policy, checked at the URL and at every
   * address connected to), or `'operator'`, a URL the operator configured (the authority), which the policy does not
   * restrict.
   */
  target: OutboundTarget;
}

/** The outbound policy of the connector making the call, or `'operator'` for a URL from its own configuration. */
export type OutboundTarget = OutboundPolicy | 'operator';

export interface BoundedResponse {
  status: number;
  ok: boolean;
  headers: Headers;
  /** The body as UTF-8 text ('' when discarded). */
  text: string;
}

type Fetch = (url: string, init: RequestInit) => Promise<Response>;

/**
 * `fetch` for every outbound call a peer or a client can steer: a timer that holds (see `withDeadline`) covers the
 * headers and the whole body, and the body is read in chunks up to `maxBytes`, so neither a slow, an endless nor
 * a huge answer can hold a request or the process's memory. Throws `OutboundLimitError` when a bound is broken.
 * Unless the target is `'operator'`, the URL must pass the outbound policy, redirects are refused, and the connection is
 * made through the policy's dispatcher, which checks every address the host name resolves to (OUTBOUND_REFUSED).
 */
export async function boundedFetch(url: string, init: RequestInit, bounds: OutboundBounds, doFetch: Fetch = (u, i) => fetch(u, i)): Promise<BoundedResponse> {
  const policy = bounds.target === 'operator' ? undefined : bounds.target;
  policy?.checkUrl(url, { allowHttp: bounds.allowHttp === true });
  const policyInit = policy ? { redirect: 'error' as const, dispatcher: policy.dispatcher } : {};
  return withDeadline(
    bounds.timeoutMs,
    async (deadline) => {
      const signal = init.signal ? AbortSignal.any([init.signal, deadline]) : deadline;
      const res = await doFetch(url, { ...init, ...policyInit, signal } as RequestInit).catch((error: unknown) => {
        throw outboundRefusal(error) ?? error;
      });
      const head = { status: res.status, ok: res.ok, headers: res.headers };
      if (bounds.discardBody) {
        await res.body?.cancel().catch(() => undefined);
        return { ...head, text: '' };
      }
      return { ...head, text: await readCapped(res, bounds.maxBytes, url) };
    },
    url.split('?')[0],
  );
}

async function readCapped(res: Response, maxBytes: number, url: string): Promise<string> {
  const tooLarge = () => new OutboundLimitError('size', `${url.split('?')[0]} answered more than ${maxBytes} bytes`);
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (declared > maxBytes) {
    await res.body?.cancel().catch(() => undefined);
    throw tooLarge();
  }
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (let next = await reader.read(); !next.done; next = await reader.read()) {
    total += next.value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(next.value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}

/** A `FetchLike` for the DID resolver and status lists: GET through `boundedFetch`, `json()` over the capped text. */
export function boundedJsonFetch(bounds: OutboundBounds): (url: string, init: RequestInit) => Promise<{ ok: boolean; status: number; json(): Promise<unknown> }> {
  return async (url, init) => {
    const res = await boundedFetch(url, init, bounds);
    return { ok: res.ok, status: res.status, json: async () => JSON.parse(res.text) as unknown };
  };
}
