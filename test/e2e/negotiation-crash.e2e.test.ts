import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { offerId, policyContentHash, toOdrlOffer } from '../../catalog/index.js';
import { didWebFromUrl } from '../../connector/identity/index.js';
import { freePort, runCli, waitForOutput, type ConnectorProcess } from '../helpers/connector-process.js';
import { startConnector, TEST_API_KEY, type RunningConnector } from '../helpers/start-connector.js';

const OPEN = { '@type': 'Set', permission: [{ action: 'use' }] };
let dir: string;
let env: Record<string, string>;
let managementUrl: string;
let publicUrl: string;
let provider: ConnectorProcess | undefined;
let consumer: RunningConnector;

async function startProvider(): Promise<ConnectorProcess> {
  provider = runCli(['start'], env);
  await waitForOutput(provider, 'connector started');
  return provider;
}
const providerApi = (path: string, init: RequestInit = {}) =>
  fetch(`${managementUrl}${path}`, { ...init, headers: { 'x-api-key': TEST_API_KEY, 'content-type': 'application/json', ...(init.headers ?? {}) } });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kontor-crash-'));
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
    KONTOR_LEASE_MS: '1000',
    KONTOR_RETRY_BASE_MS: '50',
    KONTOR_LOG_LEVEL: 'info',
  };
  await startProvider();
  await providerApi('/api/v1/assets', {
    method: 'POST',
    body: JSON.stringify({ id: 'a1', properties: { title: 'A' }, dataAddress: { type: 'HttpData', baseUrl: 'http://127.0.0.1:9/' } }),
  });
  await providerApi('/api/v1/policies', { method: 'POST', body: JSON.stringify({ id: 'open', policy: OPEN }) });
  await providerApi('/api/v1/contract-definitions', { method: 'POST', body: JSON.stringify({ id: 'cd', accessPolicyId: 'open', contractPolicyId: 'open' }) });
  consumer = await startConnector('sqlite', {}, { 'stateMachine.retryBaseMs': 100, 'stateMachine.retryLimit': 30 });
});
afterAll(async () => {
  provider?.child.kill('SIGKILL');
  await consumer?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('a provider killed mid-negotiation', () => {
  it('should finish after a restart, with exactly one agreement on each side', async () => {
    const providerDid = didWebFromUrl(publicUrl);
    const built = toOdrlOffer(OPEN, offerId({ definitionId: 'cd', assetId: 'a1', policyHash: policyContentHash(OPEN) }), providerDid);
    if (!built.ok) throw new Error(built.problem);
    const killed = new Promise<void>((resolve) => {
      const off = consumer.connector.events.on('negotiation.stateChanged', (e) => {
        if (e.to !== 'REQUESTED') return;
        off();
        provider?.child.kill('SIGKILL'); // the provider has committed the request and owes the agreement
        resolve();
      });
    });
    const finished = new Promise<string>((resolve) =>
      consumer.connector.events.on('negotiation.stateChanged', (e) => {
        if (e.to === 'FINALIZED' || e.to === 'TERMINATED') resolve(e.to);
      }),
    );
    const res = await consumer.api('/api/v1/negotiations', {
      method: 'POST',
      json: { counterPartyAddress: `${publicUrl}/api/dsp`, counterPartyId: providerDid, offer: { ...built.offer, target: 'a1' } },
    });
    const { id } = (await res.json()) as { id: string };
    await killed;
    await provider?.exited;
    await startProvider();
    expect(await finished).toBe('FINALIZED');
    const mine = (await (await consumer.api(`/api/v1/negotiations/${encodeURIComponent(id)}`)).json()) as { providerPid: string; agreementId: string };
    const theirs = (await (await providerApi(`/api/v1/negotiations/${encodeURIComponent(mine.providerPid)}`)).json()) as { state: string; agreementId: string };
    expect(theirs.state).toMatch(/^(FINALIZED|FINALIZING)$/);
    const providerAgreements = (await (await providerApi('/api/v1/agreements')).json()) as { items: { id: string }[] };
    const consumerAgreements = (await (await consumer.api('/api/v1/agreements')).json()) as { items: { id: string }[] };
    expect(providerAgreements.items.map((a) => a.id)).toEqual([mine.agreementId]);
    expect(consumerAgreements.items.map((a) => a.id)).toEqual([mine.agreementId]);
  });
});
