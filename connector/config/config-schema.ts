/**
 * The one configuration schema. Every setting has a dotted key, a type, a default, a one-line
 * description and an explicit environment variable. docs/config.md is generated from this list.
 */
export type SettingType = 'string' | 'integer' | 'boolean' | 'list' | 'url';

export interface Setting {
  key: string;
  type: SettingType;
  default: string | number | boolean | readonly string[] | null;
  description: string;
  env: string;
  /** Allowed values, for enumerations. */
  values?: readonly string[];
  /** Secrets come only from the environment or from the file named by `fileKey`; never from the JSON config. */
  secret?: { fileKey: string; fileEnv: string };
  min?: number;
  max?: number;
}

export const CONFIG_SCHEMA: readonly Setting[] = [
  { key: 'participantId', type: 'string', default: null, env: 'KONTOR_PARTICIPANT_ID', description: "This connector's participant id (a DID); derived as did:web from publicApi.url when unset" },
  { key: 'runtime.environment', type: 'string', default: 'development', env: 'NODE_ENV', values: ['development', 'test', 'production'], description: 'Runtime environment; production refuses development-only modes' },
  { key: 'managementApi.host', type: 'string', default: '127.0.0.1', env: 'KONTOR_MANAGEMENT_HOST', description: 'Interface the management API listens on (loopback by default)' },
  { key: 'managementApi.port', type: 'integer', default: 8181, env: 'KONTOR_MANAGEMENT_PORT', min: 0, max: 65535, description: 'Port of the management API (0 picks a free port)' },
  { key: 'managementApi.apiKey', type: 'string', default: null, env: 'KONTOR_API_KEY', secret: { fileKey: 'managementApi.apiKeyFile', fileEnv: 'KONTOR_API_KEY_FILE' }, description: 'API key required in the X-Api-Key header of every management request (at least 16 characters)' },
  { key: 'managementApi.apiKeyFile', type: 'string', default: null, env: 'KONTOR_API_KEY_FILE', description: 'File holding the management API key (alternative to KONTOR_API_KEY)' },
  { key: 'managementApi.bodyLimitBytes', type: 'integer', default: 1048576, env: 'KONTOR_MANAGEMENT_BODY_LIMIT', min: 1024, max: 104857600, description: 'Largest accepted management request body, in bytes' },
  { key: 'managementApi.problemTypeBase', type: 'url', default: 'https://w3id.org/kontor/problems/', env: 'KONTOR_PROBLEM_TYPE_BASE', description: 'Base URI of the problem `type` member; the error code is appended' },
  { key: 'publicApi.host', type: 'string', default: '0.0.0.0', env: 'KONTOR_PUBLIC_HOST', description: 'Interface the public (protocol, DID, data plane) listener binds to' },
  { key: 'publicApi.port', type: 'integer', default: 8282, env: 'KONTOR_PUBLIC_PORT', min: 0, max: 65535, description: 'Port of the public listener (0 picks a free port)' },
  { key: 'publicApi.url', type: 'url', default: null, env: 'KONTOR_PUBLIC_URL', description: 'URL peers use to reach the public listener; defaults to http://127.0.0.1:<publicApi.port>' },
  { key: 'store.kind', type: 'string', default: 'sqlite', env: 'KONTOR_STORE_KIND', values: ['sqlite', 'postgres'], description: 'Persistence backend: embedded SQLite or PostgreSQL' },
  { key: 'store.path', type: 'string', default: './data/kontor.db', env: 'KONTOR_STORE_PATH', description: 'SQLite database file (its folder is created when missing)' },
  { key: 'store.url', type: 'url', default: null, env: 'KONTOR_STORE_URL', secret: { fileKey: 'store.urlFile', fileEnv: 'KONTOR_STORE_URL_FILE' }, description: 'PostgreSQL connection URL, required when store.kind is postgres' },
  { key: 'store.urlFile', type: 'string', default: null, env: 'KONTOR_STORE_URL_FILE', description: 'File holding the PostgreSQL connection URL (alternative to KONTOR_STORE_URL)' },
  { key: 'store.schema', type: 'string', default: 'public', env: 'KONTOR_STORE_SCHEMA', description: 'PostgreSQL schema holding Kontor tables (created when missing); lower-case letters, digits and _ only, as PostgreSQL reads an unquoted name, at most 63 characters, not pg_…' },
  { key: 'store.poolSize', type: 'integer', default: 10, env: 'KONTOR_STORE_POOL_SIZE', min: 1, max: 200, description: 'PostgreSQL connection pool size' },
  { key: 'store.busyTimeoutMs', type: 'integer', default: 50, env: 'KONTOR_STORE_BUSY_TIMEOUT_MS', min: 0, max: 1000, description: 'SQLite: how long one statement blocks waiting for another process\'s write lock (the event loop waits too), in ms' },
  { key: 'store.lockWaitMs', type: 'integer', default: 3000, env: 'KONTOR_STORE_LOCK_WAIT_MS', min: 0, max: 60000, description: 'SQLite: the whole wait for another process\'s write lock, retried in non-blocking pauses, before a request gets 503 STORE_UNAVAILABLE, in ms' },
  { key: 'store.migrate', type: 'boolean', default: true, env: 'KONTOR_STORE_MIGRATE', description: 'Run forward-only schema migrations at start-up' },
  { key: 'identity.kind', type: 'string', default: 'dcp', env: 'KONTOR_IDENTITY_KIND', values: ['dcp', 'dev'], description: 'How protocol callers are verified: dcp (self-issued tokens + verifiable presentations) or dev (unit tests only; refused in production)' },
  { key: 'identity.keyFile', type: 'string', default: './data/keys.json', env: 'KONTOR_KEY_FILE', description: 'File holding this participant\'s Ed25519 keys (created with mode 0600 when missing)' },
  { key: 'identity.authorityUrl', type: 'url', default: null, env: 'KONTOR_AUTHORITY_URL', description: 'Base URL of the data-space authority that issues this participant\'s credentials' },
  { key: 'identity.trustedIssuers', type: 'list', default: [], env: 'KONTOR_TRUSTED_ISSUERS', description: 'Issuer DIDs whose credentials are trusted (comma-separated; TYPE=DID limits one to a credential type)' },
  { key: 'identity.statusRefreshMs', type: 'integer', default: 300000, env: 'KONTOR_STATUS_REFRESH_MS', min: 0, max: 86400000, description: 'How long a verified presentation (and its revocation status) may be reused' },
  { key: 'identity.presentationCacheSize', type: 'integer', default: 1000, env: 'KONTOR_PRESENTATION_CACHE_SIZE', min: 0, max: 1000000, description: 'Most verified presentations kept in the cache' },
  { key: 'identity.tokenTtlSeconds', type: 'integer', default: 300, env: 'KONTOR_TOKEN_TTL_SECONDS', min: 10, max: 3600, description: 'Lifetime of the self-issued tokens this connector sends' },
  { key: 'identity.dev.fixedAuthorization', type: 'string', default: null, env: 'KONTOR_DEV_FIXED_AUTHORIZATION', description: 'Development identity only: a request whose Authorization header is exactly this value is identity.dev.fixedParticipant (the Eclipse DSP TCK sends one fixed header); refused in production' },
  { key: 'identity.dev.fixedParticipant', type: 'string', default: 'TCK_PARTICIPANT', env: 'KONTOR_DEV_FIXED_PARTICIPANT', description: 'Development identity only: the participant a request with identity.dev.fixedAuthorization is (need not be a DID)' },
  { key: 'tck.enabled', type: 'boolean', default: false, env: 'KONTOR_TCK_ENABLED', description: "Mounts the Eclipse DSP TCK's initiate hooks (/tck/negotiations/requests, /tck/transfers/requests) on the public listener; needs identity.kind dev, refused in production" },
  { key: 'tck.fixtureFile', type: 'string', default: null, env: 'KONTOR_TCK_FIXTURE_FILE', description: 'TCK mode only: JSON file of assets, policies, contract definitions, offer-id aliases and agreements seeded at start-up (see docs/tck.md)' },
  { key: 'did.allowHttpLoopback', type: 'boolean', default: false, env: 'KONTOR_DID_ALLOW_HTTP_LOOPBACK', description: 'Resolve did:web over plain HTTP for loopback hosts (development and tests only)' },
  { key: 'did.httpHosts', type: 'list', default: [], env: 'KONTOR_DID_HTTP_HOSTS', description: 'Host names (besides loopback) whose did:web documents and status lists are fetched over plain HTTP: a development network\'s service names, e.g. docker-compose.yml, until HTTPS; never for hosts reached over a real network' },
  { key: 'did.cacheTtlMs', type: 'integer', default: 300000, env: 'KONTOR_DID_CACHE_TTL_MS', min: 0, max: 86400000, description: 'How long a resolved DID document is reused' },
  { key: 'did.cacheSize', type: 'integer', default: 1000, env: 'KONTOR_DID_CACHE_SIZE', min: 1, max: 1000000, description: 'Most DID documents kept in the resolver cache' },
  { key: 'did.negativeCacheTtlMs', type: 'integer', default: 10000, env: 'KONTOR_DID_NEGATIVE_CACHE_TTL_MS', min: 0, max: 3600000, description: 'How long a failed did:web resolution is remembered: the same unknown DID is not fetched again before (0 = not remembered)' },
  { key: 'did.fetchesPerMinute', type: 'integer', default: 120, env: 'KONTOR_DID_FETCHES_PER_MINUTE', min: 1, max: 1000000, description: 'Most did:web documents fetched per minute for DIDs not in the cache (callers name DIDs before they are authenticated); beyond it a resolution fails as unavailable' },
  { key: 'outbound.allowAddresses', type: 'list', default: [], env: 'KONTOR_OUTBOUND_ALLOW_ADDRESSES', description: 'Addresses or CIDRs (10.1.0.0/16, fd00::/8) that peer- or client-named URLs may reach although loopback, private, link-local, unique-local, multicast or unspecified (denied otherwise; loopback is allowed with did.allowHttpLoopback or identity.kind dev)' },
  { key: 'outbound.denyAddresses', type: 'list', default: [], env: 'KONTOR_OUTBOUND_DENY_ADDRESSES', description: 'Further addresses or CIDRs that peer- or client-named URLs must never reach; wins over every allowance' },
  { key: 'authority.credentialValiditySeconds', type: 'integer', default: 2592000, env: 'KONTOR_CREDENTIAL_VALIDITY_SECONDS', min: 60, max: 315360000, description: 'Validity of the credentials the authority issues (authority mode)' },
  { key: 'dsp.basePath', type: 'string', default: '/api/dsp', env: 'KONTOR_DSP_BASE_PATH', description: 'Path of the Dataspace Protocol endpoints on the public listener' },
  { key: 'dsp.bodyLimitBytes', type: 'integer', default: 1048576, env: 'KONTOR_DSP_BODY_LIMIT', min: 1024, max: 104857600, description: 'Largest accepted protocol message body, in bytes' },
  { key: 'dsp.catalogPageSize', type: 'integer', default: 50, env: 'KONTOR_DSP_CATALOG_PAGE_SIZE', min: 1, max: 1000, description: 'Datasets per catalog page when the requester names no limit' },
  { key: 'dsp.catalogMaxPageSize', type: 'integer', default: 500, env: 'KONTOR_DSP_CATALOG_MAX_PAGE_SIZE', min: 1, max: 10000, description: 'Largest catalog page a requester may ask for' },
  { key: 'dsp.catalogCacheTtlMs', type: 'integer', default: 30000, env: 'KONTOR_DSP_CATALOG_CACHE_TTL_MS', min: 0, max: 3600000, description: 'How long contract definitions and policies are cached for catalog requests (writes through this process clear it; 0 = no cache)' },
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
  { key: 'training.maxClipNorm', type: 'integer', default: 5, env: 'KONTOR_TRAINING_MAX_CLIP_NORM', min: 1, max: 1000000, description: 'Site floor: the largest L2 norm of a model update this site releases (a coordinator may only ask for less)' },
  { key: 'training.minNoiseMilli', type: 'integer', default: 10, env: 'KONTOR_TRAINING_MIN_NOISE_MILLI', min: 0, max: 1000000, description: 'Site floor: the smallest Gaussian noise multiplier on released updates, in thousandths (10 = 0.01)' },
  { key: 'training.maxModelNorm', type: 'integer', default: 1000, env: 'KONTOR_TRAINING_MAX_MODEL_NORM', min: 1, max: 1000000000, description: 'Site floor: the largest L2 norm of a global model this site trains on; a larger one ("trap weights" meant to make an update leak) is refused' },
  { key: 'training.sampleCountBucket', type: 'integer', default: 1, env: 'KONTOR_TRAINING_SAMPLE_COUNT_BUCKET', min: 1, max: 1000000, description: 'Site: sample counts sent to the coordinator (FedAvg weights, evaluation) are rounded to a multiple of this, at least one bucket, so the exact size of the site\'s data does not leave it; 1 = exact' },
  { key: 'training.localTrainer', type: 'list', default: [], env: 'KONTOR_TRAINING_LOCAL_TRAINER', description: 'Site: the program (and its arguments, no shell) that trains locally instead of the built-in trainer, speaking kontor-trainer/1 over stdio (see docs/federated-training.md); the connector still gates, clips, noises and signs every update' },
  { key: 'training.localTrainerTimeoutMs', type: 'integer', default: 600000, env: 'KONTOR_TRAINING_LOCAL_TRAINER_TIMEOUT_MS', min: 1000, max: 86400000, description: 'Site: how long the local trainer may take for one task before it is killed and the round missed' },
  { key: 'training.artifactDir', type: 'string', default: './data/artifacts', env: 'KONTOR_TRAINING_ARTIFACT_DIR', description: 'Folder of encrypted training artifacts (models, checkpoints); deletion destroys their keys, then the files' },
  { key: 'usage.monitorIntervalMs', type: 'integer', default: 30000, env: 'KONTOR_POLICY_MONITOR_MS', min: 100, max: 86400000, description: 'How often the policy monitor re-checks live transfers (and the trainings over them) against their agreements' },
  { key: 'usage.artifactKek', type: 'string', default: null, env: 'KONTOR_ARTIFACT_KEK', secret: { fileKey: 'usage.artifactKekSecretFile', fileEnv: 'KONTOR_ARTIFACT_KEK_SECRET_FILE' }, description: 'Key-encryption key for the artifact data keys, and for asset data addresses and webhook secrets sealed in the database (base64 of 32 random bytes, e.g. `openssl rand -base64 32`); when unset, a KEK file is created on first use (usage.artifactKekFile)' },
  { key: 'usage.artifactKekSecretFile', type: 'string', default: null, env: 'KONTOR_ARTIFACT_KEK_SECRET_FILE', description: 'File holding usage.artifactKek (alternative to KONTOR_ARTIFACT_KEK)' },
  { key: 'usage.artifactKekFile', type: 'string', default: null, env: 'KONTOR_ARTIFACT_KEK_FILE', description: 'Where the generated key-encryption key is kept (mode 0600, created at first start) when usage.artifactKek is unset; default: beside identity.keyFile (keys.json → keys.artifact-kek.json). Keep it apart from database backups' },
  { key: 'usage.receiptGraceMs', type: 'integer', default: 300000, env: 'KONTOR_RECEIPT_GRACE_MS', min: 0, max: 604800000, description: 'How long past a deletion deadline a site waits for the deletion receipt the counterparty owes it before escalating (inform: audit entry and usage.escalated webhook)' },
  { key: 'usage.suspendAfterMs', type: 'integer', default: 3600000, env: 'KONTOR_SUSPEND_AFTER_MS', min: 0, max: 2592000000, description: 'After the inform step, how long until a counterparty that still sent no deletion receipt is suspended (no new negotiations, transfers or training rounds; its live transfers end)' },
  { key: 'health.credentialMarginMs', type: 'integer', default: 3600000, env: 'KONTOR_HEALTH_CREDENTIAL_MARGIN_MS', min: 0, max: 2592000000, description: 'GET /health/ready fails when the held MembershipCredential expires sooner than this (with identity.authorityUrl set)' },
  { key: 'log.level', type: 'string', default: 'info', env: 'KONTOR_LOG_LEVEL', values: ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'], description: 'Log level of the JSON logs on standard output' },
  { key: 'shutdown.graceMs', type: 'integer', default: 10000, env: 'KONTOR_SHUTDOWN_GRACE_MS', min: 0, max: 600000, description: 'How long SIGTERM/SIGINT wait for in-flight requests before closing connections' },
  { key: 'dataPlane.tokenTtlSeconds', type: 'integer', default: 300, env: 'KONTOR_DATA_TOKEN_TTL_SECONDS', min: 1, max: 86400, description: 'Lifetime of the data-plane access tokens (pull EDRs) this provider issues; consumers refresh them' },
  { key: 'dataPlane.tokenSecret', type: 'string', default: null, env: 'KONTOR_DATA_TOKEN_SECRET', secret: { fileKey: 'dataPlane.tokenSecretFile', fileEnv: 'KONTOR_DATA_TOKEN_SECRET_FILE' }, description: 'Secret (at least 32 characters) that signs data-plane tokens; a random one per process when unset (tokens then end with the process, and no replica can join it: replicas on one PostgreSQL schema must set the same, see docs/operations.md)' },
  { key: 'dataPlane.tokenSecretFile', type: 'string', default: null, env: 'KONTOR_DATA_TOKEN_SECRET_FILE', description: 'File holding the data-plane token secret (alternative to KONTOR_DATA_TOKEN_SECRET)' },
  { key: 'dataPlane.fileRoot', type: 'string', default: null, env: 'KONTOR_DATA_FILE_ROOT', description: 'Directory that File data addresses must lie inside; File assets are refused when unset' },
  { key: 'dataPlane.secretsDir', type: 'string', default: null, env: 'KONTOR_DATA_SECRETS_DIR', description: 'Directory of secret files (one per secret, named by the reference) that HttpData secretName and oauth2:clientSecretKey resolve against; such references fail with SECRET_UNAVAILABLE when unset' },
];
