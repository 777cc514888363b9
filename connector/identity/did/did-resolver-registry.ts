import { ConnectorError, type Clock } from '../../../core/index.js';
import { BoundedCache } from '../bounded-cache.js';
import type { DidDocument } from './did-document.js';
import { didMethod, resolutionFailure, type DidMethodResolver, type DidResolution, type DidResolver } from './did-resolver.js';

export interface DidResolverRegistryOptions {
  clock: Clock;
  /** How long a resolved document is reused (default 5 min). Failures are not cached. */
  cacheTtlMs?: number;
  /** Most documents kept (default 1000). */
  cacheSize?: number;
}

/**
 * Resolvers keyed by DID method (Veramo's provider map, Credo's DidResolver), with a bounded,
 * expiring cache of successful resolutions. `resolve` never throws; `getDidDocument` does.
 */
export class DidResolverRegistry implements DidResolver {
  private readonly resolvers = new Map<string, DidMethodResolver>();
  private readonly cache: BoundedCache<string, DidDocument>;
  private readonly ttl: number;

  constructor(
    resolvers: readonly DidMethodResolver[],
    private readonly options: DidResolverRegistryOptions,
  ) {
    for (const r of resolvers) this.resolvers.set(r.method, r);
    this.cache = new BoundedCache(options.clock, options.cacheSize ?? 1000);
    this.ttl = options.cacheTtlMs ?? 300_000;
  }

  get methods(): string[] {
    return [...this.resolvers.keys()];
  }

  async resolve(did: string): Promise<DidResolution> {
    const method = didMethod(did);
    if (!method) return resolutionFailure('invalidDid', `'${did}' is not a DID`);
    const resolver = this.resolvers.get(method);
    if (!resolver) return resolutionFailure('methodNotSupported', `did:${method} is not supported`);
    const cached = this.cache.get(did);
    if (cached) return { ok: true, didDocument: cached };
    let result: DidResolution;
    try {
      result = await resolver.resolve(did);
    } catch (error) {
      result = resolutionFailure('unavailable', `${did}: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (result.ok) this.cache.set(did, result.didDocument, this.options.clock.now() + this.ttl);
    return result;
  }

  /** The document, or a ConnectorError: NOT_FOUND for unknown DIDs, PEER_UNAVAILABLE otherwise. */
  async getDidDocument(did: string): Promise<DidDocument> {
    const result = await this.resolve(did);
    if (result.ok) return result.didDocument;
    const code = result.error === 'unavailable' ? 'PEER_UNAVAILABLE' : result.error === 'notFound' ? 'NOT_FOUND' : 'VALIDATION_FAILED';
    throw new ConnectorError(code, { detail: `cannot resolve ${did}: ${result.message}` });
  }

  /** Forget one DID (e.g. after a key rotation was announced) or everything. */
  evict(did?: string): void {
    if (did === undefined) this.cache.clear();
    else this.cache.delete(did);
  }
}
