import type { DcatDataset } from '../../catalog/index.js';

/** Where a crawled peer came from. */
export type PeerSource = 'config' | 'directory';

export interface FederationPeer {
  peerId: string;
  /** The peer's DSP base URL. */
  url: string;
  source: PeerSource;
}

/** One verified offer in the federated catalog; `dataset` carries only this offer and its credential. */
export interface FederatedOffer {
  peerId: string;
  offerId: string;
  datasetId: string;
  title: string | undefined;
  keywords: string[];
  /** Lower-cased text searched by `q`: ids, title, description, keywords. */
  searchText: string;
  fetchedAt: number;
  dataset: DcatDataset;
  credential: Record<string, unknown>;
}

export interface PeerState extends FederationPeer {
  lastAttemptAt: number | undefined;
  lastSuccessAt: number | undefined;
  /** Set by a failed crawl, cleared by the next good one. */
  lastError: string | undefined;
  offerCount: number;
  /** Offers of the last good crawl left out because they did not verify. */
  rejectedCount: number;
}

export interface FederatedSearch {
  q?: string;
  keyword?: string;
  publisher?: string;
  offset: number;
  limit: number;
}

/** The federated catalog cache (tables `federated_offers`, `federation_peers`, migration 0006). */
export interface FederationStore {
  /** A good crawl: the peer's offers become exactly `offers`, one per offer id (the first of duplicates), in one transaction; its state is marked fresh. */
  replaceOffers(peer: FederationPeer, offers: readonly FederatedOffer[], result: { at: number; rejected: number }): Promise<void>;
  /** A failed crawl: the offers stay, the peer shows the error. */
  recordFailure(peer: FederationPeer, at: number, error: string): Promise<void>;
  /** Drops a peer's offers (a peer failing for longer than the eviction age); its state stays. */
  evictOffers(peerId: string): Promise<void>;
  search(query: FederatedSearch): Promise<{ items: FederatedOffer[]; total: number }>;
  peers(): Promise<PeerState[]>;
}
