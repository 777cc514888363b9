import type { FetchLike } from '../did/did-web-resolver.js';

/**
 * A fetch answering from a map of URL → JSON body (404 otherwise): did:web hosting without a
 * network, for tests and examples. Records every requested URL in `requested`.
 */
export function memoryFetch(documents: ReadonlyMap<string, unknown>): FetchLike & { requested: string[] } {
  const requested: string[] = [];
  const fetch = async (url: string) => {
    requested.push(url);
    const body = documents.get(url);
    return { ok: body !== undefined, status: body === undefined ? 404 : 200, json: async () => structuredClone(body) };
  };
  return Object.assign(fetch, { requested });
}
