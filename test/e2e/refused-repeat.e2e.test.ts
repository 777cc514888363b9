import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { offerId, policyContentHash, toOdrlOffer } from '../../catalog/index.js';
import { ConnectorError } from '../../core/index.js';
import type { ContractNegotiation } from '../../connector/negotiation/index.js';
import { freePort } from '../helpers/connector-process.js';
import { eventually } from '../helpers/eventually.js';
import { startConnector, type RunningConnector } from '../helpers/start-connector.js';

const OPEN = { '@type': 'Set', permission: [{ action: 'use' }] };
let dir: string;
let port: number;
let provider: RunningConnector;
let consumer: RunningConnector;
let offer: Record<string, unknown>;

/** The provider on its store, keys and port of the last run: a restart after a crash. */
async function startProvider(): Promise<void> {
  const settings = { 'store.path': join(dir, 'provider.db'), 'identity.keyFile': join(dir, 'keys.json'), 'stateMachine.retryBaseMs': 20 };
  provider = await startConnector('sqlite', {}, settings, port);
}

/**
 * The provider's next save of a negotiation moving to `state` fails, as when the process dies after its message was
 * delivered and before it saved what follows; resolves then.
 */
function crashBeforeSaving(state: ContractNegotiation['state']): Promise<void> {
  const store = provider.connector.stores.negotiations;
  const [save, saveAndLease] = [store.save.bind(store), store.saveAndLease.bind(store)];
  let crashed = false;
  return new Promise((resolve) => {
    const dies = (n: ContractNegotiation) => {
      if (crashed || n.state !== state) return false;
      crashed = true;
      resolve();
      return true;
    };
    const died = () => new ConnectorError('STORE_UNAVAILABLE', { detail: 'the process died here (test)' });
    store.save = async (n, releaseFor) => (dies(n) ? Promise.reject(died()) : save(n, releaseFor));
    store.saveAndLease = async (n, lease, releaseFor) => (dies(n) ? Promise.reject(died()) : saveAndLease(n, lease, releaseFor));
  });
}

const json = async <T>(res: Promise<Response>): Promise<T> => (await (await res).json()) as T;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kontor-refused-repeat-'));
  port = await freePort();
  await startProvider();
  await provider.api('/api/v1/assets', { method: 'POST', json: { id: 'a1', properties: { title: 'A' }, dataAddress: { type: 'HttpData', baseUrl: 'http://127.0.0.1:9/' } } });
  await provider.api('/api/v1/policies', { method: 'POST', json: { id: 'open', policy: OPEN } });
  await provider.api('/api/v1/contract-definitions', { method: 'POST', json: { id: 'cd', accessPolicyId: 'open', contractPolicyId: 'open' } });
  const built = toOdrlOffer(OPEN, offerId({ definitionId: 'cd', assetId: 'a1', policyHash: policyContentHash(OPEN) }), provider.connector.config.participantId);
  if (!built.ok) throw new Error(built.problem);
  offer = { ...built.offer, target: 'a1' };
  consumer = await startConnector('sqlite', {}, { 'stateMachine.retryBaseMs': 20 });
});
afterAll(async () => {
  await consumer?.stop();
  await provider?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('a provider that dies after the consumer took its FINALIZED event, before saving FINALIZED', () => {
  it('should take the refusal of its repeated event as delivered after a restart: both FINALIZED, one active agreement each', async () => {
    const crashed = crashBeforeSaving('FINALIZED');
    const started = await json<{ id: string }>(
      consumer.api('/api/v1/negotiations', {
        method: 'POST',
        json: { counterPartyAddress: `${provider.publicUrl}/api/dsp`, counterPartyId: provider.connector.config.participantId, offer },
      }),
    );
    await crashed;
    await provider.stop();
    await startProvider();
    const ended = (s: string) => s === 'FINALIZED' || s === 'TERMINATED';
    const mine = await eventually('the consumer ends', async () => {
      const n = await json<{ state: string; providerPid: string; agreementId: string }>(consumer.api(`/api/v1/negotiations/${encodeURIComponent(started.id)}`));
      return ended(n.state) ? n : undefined;
    });
    const theirs = await eventually('the provider ends', async () => {
      const n = await json<{ state: string; agreementId: string; history: { state: string; cause?: string }[] }>(
        provider.api(`/api/v1/negotiations/${encodeURIComponent(mine.providerPid)}`),
      );
      return ended(n.state) ? n : undefined;
    });
    expect(mine.state).toBe('FINALIZED');
    expect(theirs.state).toBe('FINALIZED');
    expect(theirs.history.map((h) => h.state)).not.toContain('TERMINATING');
    expect(theirs.agreementId).toBe(mine.agreementId);
    const id = encodeURIComponent(mine.agreementId);
    expect(await json(provider.api(`/api/v1/agreements/${id}`))).toMatchObject({ status: 'active' });
    expect(await json(consumer.api(`/api/v1/agreements/${id}`))).toMatchObject({ status: 'active' });
  });
});
