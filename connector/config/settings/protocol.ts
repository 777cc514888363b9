import type { Setting } from '../setting.js';

/** The Dataspace Protocol, the catalog, the state-machine loops and webhooks. */
export const PROTOCOL_SETTINGS: readonly Setting[] = [
  { key: 'dsp.basePath', type: 'string', default: '/api/dsp', env: 'KONTOR_DSP_BASE_PATH', description: 'Path of the Dataspace Protocol endpoints on the public listener' },
  { key: 'dsp.bodyLimitBytes', type: 'integer', default: 1048576, env: 'KONTOR_DSP_BODY_LIMIT', min: 1024, max: 104857600, description: 'Largest accepted protocol message body, in bytes' },
  { key: 'dsp.catalogPageSize', type: 'integer', default: 50, env: 'KONTOR_DSP_CATALOG_PAGE_SIZE', min: 1, max: 1000, description: 'Datasets per catalog page when the requester names no limit' },
  { key: 'dsp.catalogMaxPageSize', type: 'integer', default: 500, env: 'KONTOR_DSP_CATALOG_MAX_PAGE_SIZE', min: 1, max: 10000, description: 'Largest catalog page a requester may ask for' },
  { key: 'dsp.catalogCacheTtlMs', type: 'integer', default: 30000, env: 'KONTOR_DSP_CATALOG_CACHE_TTL_MS', min: 0, max: 3600000, description: 'How long contract definitions and policies are cached for catalog requests (writes through this process clear it; 0 = no cache)' },
  { key: 'dsp.unsignedOffersFrom', type: 'list', default: [], env: 'KONTOR_UNSIGNED_OFFERS_FROM', description: "Providers whose offers may be negotiated by id although they carry no offer credential (EDC and Tractus-X connectors sign none; comma-separated DIDs; '*' = every provider). An offer whose credential is present but does not verify is refused all the same" },
  { key: 'dsp.requireAgreementCredential', type: 'list', default: [], env: 'KONTOR_REQUIRE_AGREEMENT_CREDENTIAL', description: "Providers whose agreements must carry a valid agreement credential (comma-separated DIDs; '*' = every provider; empty: a credential is checked when present, not required)" },
  { key: 'catalog.federation.peers', type: 'list', default: [], env: 'KONTOR_FEDERATION_PEERS', description: 'Peers whose catalogs the federated catalog crawls, as DID=DSP-URL (comma-separated)' },
  { key: 'catalog.federation.directory', type: 'boolean', default: false, env: 'KONTOR_FEDERATION_DIRECTORY', description: "Also crawl the active participants the authority lists (needs identity.kind dcp and identity.authorityUrl)" },
  { key: 'catalog.federation.intervalMs', type: 'integer', default: 0, env: 'KONTOR_FEDERATION_INTERVAL_MS', min: 0, max: 86400000, description: 'How often the federated catalog is crawled (0 = never on its own)' },
  { key: 'catalog.federation.evictAfterMs', type: 'integer', default: 86400000, env: 'KONTOR_FEDERATION_EVICT_AFTER_MS', min: 0, max: 31536000000, description: "How long a failing peer's offers stay in the federated catalog after its last good crawl" },
  { key: 'stateMachine.idleWaitMs', type: 'integer', default: 2000, env: 'KONTOR_STATE_MACHINE_IDLE_MS', min: 10, max: 600000, description: 'Fallback wait of an idle state machine (new work wakes it at once)' },
  { key: 'stateMachine.leaseMs', type: 'integer', default: 10000, env: 'KONTOR_LEASE_MS', min: 1000, max: 3600000, description: 'How long a process holds a negotiation or transfer it works on without renewing (renewed every third of it while a step runs): a dead replica’s work moves to another within this time' },
  { key: 'stateMachine.retryLimit', type: 'integer', default: 7, env: 'KONTOR_RETRY_LIMIT', min: 1, max: 100, description: 'Attempts to deliver one protocol message before giving up' },
  { key: 'stateMachine.retryBaseMs', type: 'integer', default: 1000, env: 'KONTOR_RETRY_BASE_MS', min: 1, max: 600000, description: 'First retry delay; it doubles per attempt (with jitter) up to 60 s' },
  { key: 'webhooks.allowHttp', type: 'boolean', default: false, env: 'KONTOR_WEBHOOKS_ALLOW_HTTP', description: 'Accept plain-http webhook URLs (development and tests only; https otherwise)' },
];
