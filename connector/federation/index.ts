export { FederationCrawler } from './federation-crawler.js';
export { federationPeers } from './federation-peers.js';
export type { FederatedOffer, FederatedSearch, FederationPeer, FederationStore, PeerState } from './federation-store.js';
