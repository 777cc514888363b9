import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRecordingBackend } from '../helpers/recording-backend.js';
import { startConnector, type RunningConnector } from '../helpers/start-connector.js';
import { BACKENDS } from '../helpers/test-database.js';
import { edr, negotiate, RESEARCH, researchPolicy, startTransfer } from '../helpers/transfer-fixture.js';

const CLIENT_SECRET = 'client-s3cret-e2e';
const HEADER_SECRET = 'tenant-s3cret-e2e';

/** A pull between two connectors of an HttpData asset with OAuth2 client credentials, an extra header and every proxy switch on. */
describe.each(BACKENDS)('HttpData options through a pull between two connectors on $backend', ({ backend, skip }) => {
  let provider: RunningConnector;
  let consumer: RunningConnector;
  let backendServer: Awaited<ReturnType<typeof startRecordingBackend>>;
  let secretsDir: string;

  beforeAll(async () => {
    if (skip) return;
    secretsDir = mkdtempSync(join(tmpdir(), 'kontor-secrets-'));
    writeFileSync(join(secretsDir, 'backend-client'), `${CLIENT_SECRET}\n`);
    backendServer = await startRecordingBackend();
    provider = await startConnector(backend, {}, { 'dataPlane.secretsDir': secretsDir });
    consumer = await startConnector(backend, {}, {});
    const dataAddress = {
      type: 'HttpData',
      baseUrl: `${backendServer.url}/api/v1/readings?site=north`,
      proxyPath: 'true',
      proxyQueryParams: 'true',
      proxyMethod: 'true',
      proxyBody: 'true',
      'oauth2:tokenUrl': `${backendServer.url}/token`,
      'oauth2:clientId': 'kontor-provider',
      'oauth2:clientSecretKey': 'backend-client',
      'oauth2:scope': 'readings',
      'header:X-Tenant': HEADER_SECRET,
    };
    for (const [path, json] of [
      ['/api/v1/assets', { id: 'readings', properties: { title: 'Readings', mediaType: 'application/json' }, dataAddress }],
      ['/api/v1/policies', { id: 'research', policy: researchPolicy }],
      ['/api/v1/policies', { id: 'open', policy: { '@type': 'Set', permission: [{ action: 'use' }] } }],
      ['/api/v1/contract-definitions', { id: 'cd', accessPolicyId: 'open', contractPolicyId: 'research', assetsSelector: [] }],
    ] as const)
      expect((await provider.api(path, { method: 'POST', json })).status, path).toBe(201);
  });
  afterAll(async () => {
    await consumer?.stop();
    await provider?.stop();
    await backendServer?.close();
    if (secretsDir) rmSync(secretsDir, { recursive: true, force: true });
  });

  it.skipIf(skip)("should call the backend with the OAuth2 token, the header, and the consumer's sub-path, query, method and body; secrets stay on the provider", async () => {
    const catalog = await (
      await consumer.api('/api/v1/catalog/request', {
        method: 'POST',
        json: { counterPartyAddress: `${provider.publicUrl}/api/dsp`, counterPartyId: provider.connector.config.participantId },
      })
    ).text();
    expect(catalog).toContain('readings');
    for (const secret of [CLIENT_SECRET, HEADER_SECRET, 'backend-client', backendServer.url]) expect(catalog).not.toContain(secret);

    const agreementId = await negotiate(consumer, provider, 'readings');
    const { id } = await startTransfer(consumer, provider, { agreementId, transferType: 'HttpData-PULL', purpose: RESEARCH });
    const ref = await edr(consumer, id);
    const got = await fetch(`${ref.endpoint}/2026/03?unit=celsius`, { headers: { authorization: ref.token } });
    expect(got.status).toBe(200);
    const posted = await fetch(`${ref.endpoint}/annotations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ref.token}`, 'content-type': 'application/json' },
      body: '{"note":"calibrated"}',
    });
    expect(posted.status).toBe(200);

    expect(backendServer.tokenCalls).toHaveLength(1);
    expect(Object.fromEntries(new URLSearchParams(backendServer.tokenCalls[0]?.body))).toEqual({
      grant_type: 'client_credentials',
      client_id: 'kontor-provider',
      client_secret: CLIENT_SECRET,
      scope: 'readings',
    });
    expect(backendServer.data.map((r) => ({ method: r.method, url: r.url, body: r.body, auth: r.headers.authorization, tenant: r.headers['x-tenant'] }))).toEqual([
      { method: 'GET', url: '/api/v1/readings/2026/03?site=north&unit=celsius', body: '', auth: 'Bearer backend-token-1', tenant: HEADER_SECRET },
      { method: 'POST', url: '/api/v1/readings/annotations?site=north', body: '{"note":"calibrated"}', auth: 'Bearer backend-token-1', tenant: HEADER_SECRET },
    ]);
    const shown = await (await provider.api('/api/v1/assets/readings')).text();
    for (const secret of [CLIENT_SECRET, HEADER_SECRET]) expect(shown).not.toContain(secret);
  });
});
