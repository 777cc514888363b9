import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { offerId, policyContentHash, toOdrlOffer } from '../../catalog/index.js';
import { didWebFromUrl } from '../../connector/identity/index.js';
import { freePort, runCli, waitForOutput, type ConnectorProcess } from '../helpers/connector-process.js';
import { startConnector, TEST_API_KEY, type RunningConnector } from '../helpers/start-connector.js';

const OPEN = { '@type': 'Set', permission: [{ action: 'use' }] };
const data = randomBytes(256 * 1024);
let dir: string;
let env: Record<string, string>;
let managementUrl: string;
let publicUrl: string;
let provider: ConnectorProcess | undefined;
let consumer: RunningConnector;

async function startProvider(): Promise<void> {
  provider = runCli(['start'], env);
  await waitForOutput(provider, 'connector started');
}
const providerApi = (path: string, body?: unknown) =>
  fetch(`${managementUrl}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'x-api-key': TEST_API_KEY, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kontor-transfer-crash-'));
  writeFileSync(join(dir, 'payload.bin'), data);
  const [mPort, pPort] = [await freePort(), await freePort()];
  managementUrl = `http://127.0.0.1:${mPort}`;
  publicUrl = `http://127.0.0.1:${pPort}`;
  env = {
    KONTOR_API_KEY: TEST_API_KEY,
    KONTOR_MANAGEMENT_PORT: String(mPort),
    KONTOR_PUBLIC_HOST: '127.0.0.1',
    KONTOR_PUBLIC_PORT: String(pPort),
    KONTOR_STORE_PATH: join(dir, 'provider.db'),
    KONTOR_KEY_FILE: join(dir, 'keys.json'),
    KONTOR_IDENTITY_KIND: 'dev',
    KONTOR_DATA_FILE_ROOT: dir,
    KONTOR_DATA_TOKEN_SECRET: 'a-data-plane-secret-that-survives-restarts',
    KONTOR_LEASE_MS: '1000',
    KONTOR_RETRY_BASE_MS: '50',
    KONTOR_TRAINING_ARTIFACT_DIR: join(dir, 'artifacts'),
  };
  await startProvider();
  await providerApi('/api/v1/assets', { id: 'payload', properties: { title: 'Payload' }, dataAddress: { type: 'File', path: 'payload.bin' } });
  await providerApi('/api/v1/policies', { id: 'open', policy: OPEN });
  await providerApi('/api/v1/contract-definitions', { id: 'cd', accessPolicyId: 'open', contractPolicyId: 'open' });
  consumer = await startConnector('sqlite', {}, { 'stateMachine.retryBaseMs': 100, 'stateMachine.retryLimit': 30 });
});
afterAll(async () => {
  provider?.child.kill('SIGKILL');
  await consumer?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('a provider killed mid-transfer', () => {
  it('should start the transfer after a restart and serve the data once, unchanged', async () => {
    const providerDid = didWebFromUrl(publicUrl);
    const built = toOdrlOffer(OPEN, offerId({ definitionId: 'cd', assetId: 'payload', policyHash: policyContentHash(OPEN) }), providerDid);
    if (!built.ok) throw new Error(built.problem);
    const finalized = new Promise<string>((resolve) =>
      consumer.connector.events.on('negotiation.stateChanged', (e) => {
        if (e.to === 'FINALIZED') resolve(String(e.negotiation.agreementId));
      }),
    );
    await consumer.api('/api/v1/negotiations', {
      method: 'POST',
      json: { counterPartyAddress: `${publicUrl}/api/dsp`, counterPartyId: providerDid, offer: { ...built.offer, target: 'payload' } },
    });
    const agreementId = await finalized;
    const killed = new Promise<void>((resolve) => {
      const off = consumer.connector.events.on('transfer.stateChanged', (e) => {
        if (e.to !== 'REQUESTED') return;
        off();
        provider?.child.kill('SIGKILL'); // the provider has accepted the request and owes the TransferStartMessage
        resolve();
      });
    });
    const started = new Promise<void>((resolve) =>
      consumer.connector.events.on('transfer.stateChanged', (e) => {
        if (e.to === 'STARTED') resolve();
      }),
    );
    const res = await consumer.api('/api/v1/transfers', { method: 'POST', json: { agreementId, transferType: 'HttpData-PULL' } });
    const { id } = (await res.json()) as { id: string };
    await killed;
    await provider?.exited;
    await startProvider();
    await started;
    const edr = (await (await consumer.api(`/api/v1/transfers/${encodeURIComponent(id)}/edr`)).json()) as { endpoint: string; token: string };
    const body = Buffer.from(await (await fetch(edr.endpoint, { headers: { authorization: `Bearer ${edr.token}` } })).arrayBuffer());
    expect(body.equals(data)).toBe(true);
    const providerTransfers = (await (await providerApi('/api/v1/transfers')).json()) as { total: number };
    expect(providerTransfers.total).toBe(1);
  });
});
