import { ConnectorError, type Clock } from '../../../core/index.js';
import { BoundedCache } from '../bounded-cache.js';
import { FetchBudget } from './fetch-budget.js';
import type { DidDocument } from './did-document.js';
import { didMethod, resolutionFailure, type DidMethodResolver, type DidResolution, type DidResolver } from './did-resolver.js';

export interface DidResolverRegistryOptions {
  clock: Clock;
  /** How long a resolved document is reused (default 5 min). */
  cacheTtlMs?: number;
  /** Most documents kept (default 1000). */
  cacheSize?: number;
  /** Remote methods: how long a failed resolution is returned again without a fetch (default 0: not at all). */
  negativeCacheTtlMs?: number | undefined;
  /** Remote methods: most documents fetched per minute for DIDs not in either cache (default: no limit). */
  fetchesPerMinute?: number | undefined;
  /** `refresh`: at most one resolution past the cache per DID in this time (default 30 s). */
  refreshIntervalMs?: number;
}

/**
 * Resolvers keyed by DID method (Veramo's provider map, Credo's DidResolver), with a bounded,
 * expiring cache of successful resolutions. For remote methods (did:web) also a negative cache, one fetch
 * at a time per DID, and a fetch budget, since callers name DIDs before they are authenticated.
 * `resolve` never throws; `getDidDocument` does.
 */
export class DidResolverRegistry implements DidResolver {
  private readonly resolvers = new Map<string, DidMethodResolver>();
  private readonly cache: BoundedCache<string, DidDocument>;
  private readonly ttl: number;
  private readonly failures: BoundedCache<string, DidResolution>;
  private readonly inFlight = new Map<string, Promise<DidResolution>>();
  private readonly budget: FetchBudget | undefined;
  /** DIDs refreshed lately: their entries expire when the next refresh is allowed. */
  private readonly refreshed: BoundedCache<string, true>;

  constructor(
    resolvers: readonly DidMethodResolver[],
    private readonly options: DidResolverRegistryOptions,
  ) {
    for (const r of resolvers) this.resolvers.set(r.method, r);
    this.cache = new BoundedCache(options.clock, options.cacheSize ?? 1000);
    this.ttl = options.cacheTtlMs ?? 300_000;
    this.failures = new BoundedCache(options.clock, options.cacheSize ?? 1000);
    this.budget = options.fetchesPerMinute === undefined ? undefined : new FetchBudget(options.clock, options.fetchesPerMinute);
    this.refreshed = new BoundedCache(options.clock, options.cacheSize ?? 1000);
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
    if (!resolver.remote) return this.fetch(resolver, did);
    const known = this.failures.get(did) ?? this.inFlight.get(did);
    if (known) return known;
    if (this.budget && !this.budget.take()) return resolutionFailure('unavailable', `${did}: too many DID documents fetched this minute (did.fetchesPerMinute)`);
    const pending = this.fetch(resolver, did).finally(() => this.inFlight.delete(did));
    this.inFlight.set(did, pending);
    return pending;
  }

  private async fetch(resolver: DidMethodResolver, did: string): Promise<DidResolution> {
    let result: DidResolution;
    try {
      result = await resolver.resolve(did);
    } catch (error) {
      result = resolutionFailure('unavailable', `${did}: ${error instanceof Error ? error.message : String(error)}`);
    }
    const now = this.options.clock.now();
    if (result.ok) this.cache.set(did, result.didDocument, now + this.ttl);
    else if (resolver.remote && (this.options.negativeCacheTtlMs ?? 0) > 0) this.failures.set(did, result, now + (this.options.negativeCacheTtlMs ?? 0));
    return result;
  }

  /** The document, or a ConnectorError: NOT_FOUND for unknown DIDs, PEER_UNAVAILABLE otherwise. */
  async getDidDocument(did: string): Promise<DidDocument> {
    const result = await this.resolve(did);
    if (result.ok) return result.didDocument;
    const code = result.error === 'unavailable' ? 'PEER_UNAVAILABLE' : result.error === 'notFound' ? 'NOT_FOUND' : 'VALIDATION_FAILED';
    throw new ConnectorError(code, { detail: `cannot resolve ${did}: ${result.message}` });
  }

  /**
   * Evict the DID and resolve it again, at most once per DID in `refreshIntervalMs` (else the cached answer): a
   * caller naming a key the cached document lacks may have rotated, but callers cannot make us fetch at will.
   */
  async refresh(did: string): Promise<DidResolution> {
    if (!this.refreshed.get(did)) {
      this.refreshed.set(did, true, this.options.clock.now() + (this.options.refreshIntervalMs ?? 30_000));
      this.evict(did);
    }
    return this.resolve(did);
  }

  /** Forget one DID (e.g. after a key rotation was announced) or everything. */
  evict(did?: string): void {
    if (did === undefined) {
      this.cache.clear();
      this.failures.clear();
    } else {
      this.cache.delete(did);
      this.failures.delete(did);
    }
  }
}
