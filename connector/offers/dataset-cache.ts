import type { Asset, PolicyDefinition } from '../../catalog/index.js';
import { policyContentHash } from '../../catalog/index.js';
import type { DcatDataset, DcatPublisher, OfferSource } from './catalog-imports.js';

/** A finished dataset (offers built, credentials attached), or null when none of its offers can be shown. */
export type CachedDataset = DcatDataset | null;

/**
 * Finished catalog datasets, kept under everything they are built from: the asset's id, properties and transfer
 * formats, the publisher (participant id, DSP service) and, in order, each offer's contract definition id and
 * contract policy content. Any change of one of these gives another key, so a stale dataset is never served:
 * a changed asset or policy is built (and its offers attested, i.e. signed when new) on the next request, and an
 * offer that is gone or hidden from this requester is simply not part of the key the request looks up. Entries
 * are never expired, only evicted (least recently used first) beyond `maxEntries`.
 */
export class DatasetCache {
  private readonly entries = new Map<string, CachedDataset>();
  /** Contract policy content hashes per policy object (the catalog's terms hold the same objects between reloads). */
  private readonly policyHashes = new WeakMap<PolicyDefinition, string>();

  constructor(private readonly maxEntries = 20_000) {}

  get size(): number {
    return this.entries.size;
  }

  key(asset: Asset, sources: readonly OfferSource[], publisher: DcatPublisher): string {
    const offers = sources.map((s) => [s.definition.id, s.contractPolicy.id, this.policyHash(s.contractPolicy)]);
    return JSON.stringify([asset.id, asset.properties, publisher.formatsFor(asset), publisher.participantId, publisher.service, offers]);
  }

  /** The dataset under `key` (marked as recently used), or undefined when it is not known. */
  get(key: string): CachedDataset | undefined {
    const found = this.entries.get(key);
    if (found === undefined) return undefined;
    this.entries.delete(key);
    this.entries.set(key, found);
    return found;
  }

  set(key: string, dataset: CachedDataset): void {
    this.entries.delete(key);
    if (this.maxEntries <= 0) return;
    while (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.entries.delete(oldest.value);
    }
    this.entries.set(key, dataset);
  }

  private policyHash(policy: PolicyDefinition): string {
    let hash = this.policyHashes.get(policy);
    if (hash === undefined) {
      hash = policyContentHash(policy.policy);
      this.policyHashes.set(policy, hash);
    }
    return hash;
  }
}
