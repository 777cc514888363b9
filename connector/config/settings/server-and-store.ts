import type { Setting } from '../setting.js';

/** Who this connector is, its two listeners and its database. */
export const SERVER_AND_STORE_SETTINGS: readonly Setting[] = [
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
  { key: 'publicApi.url', type: 'url', default: null, env: 'KONTOR_PUBLIC_URL', description: 'URL peers use to reach the public listener; defaults to http://127.0.0.1:<publicApi.port> (https:// when tls.certFile or tls.pfxFile is set)' },
  { key: 'store.kind', type: 'string', default: 'sqlite', env: 'KONTOR_STORE_KIND', values: ['sqlite', 'postgres'], description: 'Persistence backend: embedded SQLite or PostgreSQL' },
  { key: 'store.path', type: 'string', default: './data/kontor.db', env: 'KONTOR_STORE_PATH', description: 'SQLite database file (its folder is created when missing)' },
  { key: 'store.url', type: 'url', default: null, env: 'KONTOR_STORE_URL', secret: { fileKey: 'store.urlFile', fileEnv: 'KONTOR_STORE_URL_FILE' }, description: 'PostgreSQL connection URL, required when store.kind is postgres' },
  { key: 'store.urlFile', type: 'string', default: null, env: 'KONTOR_STORE_URL_FILE', description: 'File holding the PostgreSQL connection URL (alternative to KONTOR_STORE_URL)' },
  { key: 'store.schema', type: 'string', default: 'public', env: 'KONTOR_STORE_SCHEMA', description: 'PostgreSQL schema holding Kontor tables (created when missing); lower-case letters, digits and _ only, as PostgreSQL reads an unquoted name, at most 63 characters, not pg_…' },
  { key: 'store.poolSize', type: 'integer', default: 10, env: 'KONTOR_STORE_POOL_SIZE', min: 1, max: 200, description: 'PostgreSQL connection pool size' },
  { key: 'store.busyTimeoutMs', type: 'integer', default: 50, env: 'KONTOR_STORE_BUSY_TIMEOUT_MS', min: 0, max: 1000, description: 'SQLite: how long one statement blocks waiting for another process\'s write lock (the event loop waits too), in ms' },
  { key: 'store.lockWaitMs', type: 'integer', default: 3000, env: 'KONTOR_STORE_LOCK_WAIT_MS', min: 0, max: 60000, description: 'SQLite: the whole wait for another process\'s write lock, retried in non-blocking pauses, before a request gets 503 STORE_UNAVAILABLE, in ms' },
  { key: 'store.migrate', type: 'boolean', default: true, env: 'KONTOR_STORE_MIGRATE', description: 'Run forward-only schema migrations at start-up' },
];
