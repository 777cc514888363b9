import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { loadConfig } from '../../connector/config/load-config.js';
import { createConnector, type Connector, type ConnectorDeps } from '../../connector/connector.js';
import { freePort } from './connector-process.js';
import { testStoreConfig, type Backend } from './test-database.js';

export const TEST_API_KEY = 'test-api-key-0123456789abcdef';

export interface RunningConnector {
  connector: Connector;
  managementUrl: string;
  publicUrl: string;
  /** fetch against the management API with the API key set. */
  api(path: string, init?: RequestInit & { json?: unknown }): Promise<Response>;
  stop(): Promise<void>;
}

/** A real connector on loopback with ephemeral ports and a fresh store of the given backend. */
export async function startConnector(backend: Backend = 'sqlite', deps: ConnectorDeps = {}, overrides: Record<string, unknown> = {}, port?: number): Promise<RunningConnector> {
  const location = testStoreConfig(backend);
  const publicPort = port ?? (await freePort());
  const keyDir = mkdtempSync(join(tmpdir(), 'kontor-keys-'));
  const config = loadConfig({
    env: {},
    overrides: {
      'managementApi.apiKey': TEST_API_KEY,
      'managementApi.port': 0,
      'publicApi.port': publicPort,
      'publicApi.host': '127.0.0.1',
      'identity.kind': 'dev',
      'identity.keyFile': join(keyDir, 'keys.json'),
      'training.artifactDir': join(keyDir, 'artifacts'),
      'store.kind': location.config.kind,
      // A SQLite-only setting given on PostgreSQL is refused: no path when the overrides move the store to PostgreSQL.
      ...(location.config.path && (overrides['store.kind'] ?? location.config.kind) === 'sqlite' ? { 'store.path': location.config.path } : {}),
      ...(backend === 'postgres' ? { 'store.schema': location.config.schema } : {}),
      ...(location.config.url ? { 'store.url': location.config.url } : {}),
      // A DCP connector on PostgreSQL must set the settings replicas share; each test connector is its own participant.
      // (a setting given as undefined in `overrides` is left unset, to test the refusal).
      ...(backend === 'postgres' && !('dataPlane.tokenSecret' in overrides) ? { 'dataPlane.tokenSecret': randomBytes(32).toString('hex') } : {}),
      ...(backend === 'postgres' && !('usage.artifactKek' in overrides) ? { 'usage.artifactKek': randomBytes(32).toString('base64') } : {}),
      'shutdown.graceMs': 1000,
      ...Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)),
    },
  });
  const connector = await createConnector(config, { logger: pino({ level: process.env.KONTOR_TEST_LOG ?? 'silent' }), ...deps });
  const { managementUrl, publicUrl } = await connector.start();
  return {
    connector,
    managementUrl,
    publicUrl,
    api: (path, init = {}) => {
      const { json, headers, ...rest } = init;
      const h = new Headers(headers);
      if (!h.has('x-api-key')) h.set('x-api-key', TEST_API_KEY);
      if (json !== undefined) h.set('content-type', 'application/json');
      return fetch(`${managementUrl}${path}`, { ...rest, headers: h, ...(json !== undefined ? { body: JSON.stringify(json) } : {}) });
    },
    stop: async () => {
      await connector.stop();
      await location.cleanup();
      rmSync(keyDir, { recursive: true, force: true });
    },
  };
}
