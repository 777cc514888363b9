import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { createAuthority, type Authority } from '../../connector/authority-app.js';
import { loadConfig } from '../../connector/config/load-config.js';
import { freePort } from './connector-process.js';
import { TEST_API_KEY } from './start-connector.js';

export interface RunningAuthority {
  authority: Authority;
  did: string;
  publicUrl: string;
  api(path: string, init?: RequestInit & { json?: unknown }): Promise<Response>;
  stop(): Promise<void>;
}

/** A real authority on loopback (SQLite and keys in a temporary folder). */
export async function startAuthority(overrides: Record<string, unknown> = {}): Promise<RunningAuthority> {
  const dir = mkdtempSync(join(tmpdir(), 'kontor-authority-'));
  const port = await freePort();
  const config = loadConfig({
    env: {},
    role: 'authority',
    overrides: {
      'managementApi.apiKey': TEST_API_KEY,
      'managementApi.port': 0,
      'publicApi.port': port,
      'publicApi.host': '127.0.0.1',
      // A SQLite-only setting given on PostgreSQL is refused: no path when the overrides put the store there.
      ...(overrides['store.kind'] === 'postgres' ? {} : { 'store.path': join(dir, 'authority.db') }),
      'identity.keyFile': join(dir, 'keys.json'),
      'did.allowHttpLoopback': true,
      'shutdown.graceMs': 500,
      ...overrides,
    },
  });
  const authority = await createAuthority(config, { logger: pino({ level: 'silent' }) });
  const { managementUrl, publicUrl } = await authority.start();
  return {
    authority,
    did: authority.did,
    publicUrl,
    api: (path, init = {}) => {
      const { json, headers, ...rest } = init;
      const h = new Headers(headers);
      h.set('x-api-key', TEST_API_KEY);
      if (json !== undefined) h.set('content-type', 'application/json');
      return fetch(`${managementUrl}${path}`, { ...rest, headers: h, ...(json !== undefined ? { body: JSON.stringify(json) } : {}) });
    },
    stop: async () => {
      await authority.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
