import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort, runCli, waitForOutput, type ConnectorProcess } from '../helpers/connector-process.js';
import { BACKENDS, testStoreConfig, type TestDatabase } from '../helpers/test-database.js';

const API_KEY = 'cli-test-key-0123456789abcdef';
let running: ConnectorProcess | undefined;
let location: TestDatabase | undefined;
afterEach(async () => {
  running?.child.kill('SIGKILL');
  await location?.cleanup();
  running = undefined;
  location = undefined;
});

async function start(env: Record<string, string>): Promise<ConnectorProcess> {
  running = runCli(['start'], env);
  await waitForOutput(running, 'connector started');
  return running;
}

async function stop(p: ConnectorProcess): Promise<number | null> {
  p.child.kill('SIGTERM');
  return p.exited;
}

describe.each(BACKENDS)('kontor start on $backend, configured only through the environment', ({ backend, skip }) => {
  it.skipIf(skip)('should keep an asset, a policy and a contract definition across a SIGTERM and a restart', async () => {
    location = testStoreConfig(backend);
    const port = await freePort();
    const env: Record<string, string> = {
      KONTOR_API_KEY: API_KEY,
      KONTOR_MANAGEMENT_PORT: String(port),
      KONTOR_PUBLIC_HOST: '127.0.0.1',
      KONTOR_PUBLIC_PORT: String(await freePort()),
      KONTOR_KEY_FILE: join(mkdtempSync(join(tmpdir(), 'kontor-cli-keys-')), 'keys.json'),
      KONTOR_STORE_KIND: backend,
      // Only what this backend uses: an empty variable is an error, not an unset one.
      ...(location.config.path ? { KONTOR_STORE_PATH: location.config.path } : {}),
      ...(backend === 'postgres' ? { KONTOR_STORE_SCHEMA: location.config.schema } : {}),
      ...(location.config.url ? { KONTOR_STORE_URL: location.config.url } : {}),
      // On PostgreSQL the settings every replica must share are required, also for one process (issue 19).
      ...(backend === 'postgres' ? { KONTOR_DATA_TOKEN_SECRET: randomBytes(32).toString('base64'), KONTOR_ARTIFACT_KEK: randomBytes(32).toString('base64') } : {}),
    };
    const api = (path: string, method = 'GET', body?: unknown) =>
      fetch(`http://127.0.0.1:${port}${path}`, { method, headers: { 'x-api-key': API_KEY, 'content-type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}) });

    const first = await start(env);
    expect((await api('/api/v1/assets', 'POST', { id: 'a1', properties: { title: 'A' }, dataAddress: { type: 'HttpData' } })).status).toBe(201);
    expect((await api('/api/v1/policies', 'POST', { id: 'p1', policy: { '@type': 'Set', permission: [{ action: 'use' }] } })).status).toBe(201);
    expect((await api('/api/v1/contract-definitions', 'POST', { id: 'cd1', accessPolicyId: 'p1', contractPolicyId: 'p1' })).status).toBe(201);
    expect(await stop(first)).toBe(0);

    const second = await start(env);
    for (const path of ['/api/v1/assets/a1', '/api/v1/policies/p1', '/api/v1/contract-definitions/cd1']) {
      expect((await api(path)).status, path).toBe(200);
    }
    expect(await stop(second)).toBe(0);
    expect(second.stdout()).not.toContain(API_KEY);
    expect(second.stderr()).not.toContain(API_KEY);
  });
});

describe('kontor start with a bad configuration', () => {
  it('should list every problem at once, exit non-zero and print no secret', async () => {
    const p = runCli(['start'], { KONTOR_MANAGEMENT_PORT: 'eighty', KONTOR_STORE_KIND: 'oracle', KONTOR_STORE_URL: 'not a url with s3cret' });
    expect(await p.exited).toBe(1);
    expect(p.stderr()).toContain('managementApi.port (KONTOR_MANAGEMENT_PORT): must be an integer');
    expect(p.stderr()).toContain('store.kind (KONTOR_STORE_KIND): must be one of sqlite, postgres');
    expect(p.stderr()).toContain('managementApi.apiKey: is required');
    expect(p.stderr()).toContain('store.url (KONTOR_STORE_URL): must be an absolute URL');
    expect(p.stderr()).not.toContain('s3cret');
    expect(p.stderr()).not.toMatch(/\n\s+at /);
  });

  it('should explain every command in --help', async () => {
    const p = runCli(['--help'], {});
    expect(await p.exited).toBe(0);
    expect(p.stdout()).toMatch(/start \[options\]/);
    expect(p.stdout()).toMatch(/config \[options\]/);
  });
});
