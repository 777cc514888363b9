import type { DidDocument } from './did-document.js';

/** Why a DID could not be resolved (W3C DID Resolution error names where one fits). */
export type DidResolutionError = 'invalidDid' | 'methodNotSupported' | 'notFound' | 'invalidDidDocument' | 'notAllowed' | 'unavailable';

/** A resolution failure is a value, not an exception (architecture B8). */
export type DidResolution = { ok: true; didDocument: DidDocument } | { ok: false; error: DidResolutionError; message: string };

/**
 * Resolves a DID (no fragment) to its document. Implementations MUST NOT throw for a DID they
 * cannot resolve; they return `{ok: false}`. They MUST check that the document's `id` is the DID.
 */
export interface DidResolver {
  resolve(did: string): Promise<DidResolution>;
  /**
   * Resolve once more past the cache, e.g. for a key id the cached document lacks (the DID's owner rotated): a
   * caching resolver limits how often per DID; otherwise it answers like `resolve`. Optional.
   */
  refresh?(did: string): Promise<DidResolution>;
  /** Forget cached documents: one DID's, or all. Optional (a resolver without a cache has none). */
  evict?(did?: string): void;
}

/** One resolver per DID method, e.g. `key` or `web`. */
export interface DidMethodResolver extends DidResolver {
  readonly method: string;
  /** Resolving fetches over the network (did:web): subject to the registry's negative cache and fetch budget. */
  readonly remote?: boolean;
}

export const resolutionFailure = (error: DidResolutionError, message: string): DidResolution => ({ ok: false, error, message });

/** The method name of a DID (`did:web:…` → `web`), or undefined when it is not a DID. */
export function didMethod(did: string): string | undefined {
  const match = /^did:([a-z0-9]+):[^#?/]+$/.exec(did);
  return match?.[1];
}
