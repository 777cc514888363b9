import type { Migration } from './migration.js';

/** JSON is kept as TEXT on both dialects: credentials must come back byte for byte as they were signed and received. */
const statements: readonly string[] = [
  `CREATE TABLE offer_credentials (
    offer_id TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    signed_at BIGINT NOT NULL,
    credential TEXT NOT NULL,
    PRIMARY KEY (offer_id, content_hash))`,
  `CREATE TABLE federation_peers (
    peer_id TEXT PRIMARY KEY,
    url TEXT NOT NULL,
    source TEXT NOT NULL,
    last_attempt_at BIGINT,
    last_success_at BIGINT,
    last_error TEXT,
    offer_count INTEGER NOT NULL DEFAULT 0,
    rejected_count INTEGER NOT NULL DEFAULT 0)`,
  `CREATE TABLE federated_offers (
    peer_id TEXT NOT NULL,
    offer_id TEXT NOT NULL,
    dataset_id TEXT NOT NULL,
    title TEXT,
    search_text TEXT NOT NULL,
    keywords TEXT NOT NULL,
    fetched_at BIGINT NOT NULL,
    dataset TEXT NOT NULL,
    credential TEXT NOT NULL,
    PRIMARY KEY (peer_id, offer_id))`,
];

/** Signed offer credentials (provider) and the federated catalog cache with per-peer crawl state (consumer). */
export const offerCredentials: Migration = { version: 6, name: 'offer-credentials', sqlite: statements, postgres: statements };
