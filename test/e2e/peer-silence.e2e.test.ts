import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { offerId, policyContentHash, toOdrlOffer } from '../../catalog/index.js';
import { freePort } from '../helpers/connector-process.js';
import { eventually } from '../helpers/eventually.js';
import { startConnector, type RunningConnector } from '../helpers/start-connector.js';

const OPEN = { '@type': 'Set', permission: [{ action: 'use' }] };
let dir: string;
let port: number;
let provider: RunningConnector;
let consumer: RunningConnector | undefined;
let offer: Record<string, unknown>;

/** The consumer on its store, keys and port of the last run; it reads a silent provider's state after 300 ms. */
async function startConsumer(): Promise<RunningConnector> {
  const settings = {
    'store.path': join(dir, 'consumer.db'),
    'identity.keyFile': join(dir, 'keys.json'),
    'stateMachine.retryBaseMs': 20,
    'stateMachine.idleWaitMs': 50,
    'stateMachine.peerSilenceMs': 300,
  };
  consumer = await startConnector('sqlite', {}, settings, port);
  return consumer;
}

const json = async <T>(res: Promise<Response>): Promise<T> => (await (await res).json()) as T;
type View = { state: string; pending: boolean; providerPid?: string; terminationReason?: string | null; history: { state: string; cause: string }[] };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kontor-peer-silence-'));
  port = await freePort();
  // The provider gives up on a message after two attempts; its requests wait for an operator's approval.
  provider = await startConnector('sqlite', {}, { 'stateMachine.retryBaseMs': 20, 'stateMachine.retryLimit': 2 });
  await provider.api('/api/v1/assets', { method: 'POST', json: { id: 'a1', properties: { title: 'A' }, dataAddress: { type: 'HttpData', baseUrl: 'http://127.0.0.1:9/' } } });
  await provider.api('/api/v1/policies', { method: 'POST', json: { id: 'open', policy: OPEN } });
  await provider.api('/api/v1/contract-definitions', { method: 'POST', json: { id: 'cd', accessPolicyId: 'open', contractPolicyId: 'open', approval: 'manual' } });
  const built = toOdrlOffer(OPEN, offerId({ definitionId: 'cd', assetId: 'a1', policyHash: policyContentHash(OPEN) }), provider.connector.config.participantId);
  if (!built.ok) throw new Error(built.problem);
  offer = { ...built.offer, target: 'a1' };
});
afterAll(async () => {
  await consumer?.stop();
  await provider?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('a provider that terminates a negotiation while the consumer cannot be reached', () => {
  it('should leave the consumer TERMINATED once it reads the silent provider’s state after its restart', async () => {
    let running = await startConsumer();
    const started = await json<{ id: string }>(
      running.api('/api/v1/negotiations', {
        method: 'POST',
        json: { counterPartyAddress: `${provider.publicUrl}/api/dsp`, counterPartyId: provider.connector.config.participantId, offer },
      }),
    );
    const consumerView = (c: RunningConnector) => json<View>(c.api(`/api/v1/negotiations/${encodeURIComponent(started.id)}`));
    const requested = await eventually('the consumer is REQUESTED', async () => {
      const n = await consumerView(running);
      return n.state === 'REQUESTED' && n.providerPid ? n : undefined;
    });
    const providerPath = `/api/v1/negotiations/${encodeURIComponent(requested.providerPid ?? '')}`;
    expect(await json<View>(provider.api(providerPath))).toMatchObject({ state: 'REQUESTED', pending: true });

    await running.stop();
    consumer = undefined;
    expect((await provider.api(`${providerPath}/terminate`, { method: 'POST', json: { reason: 'no longer offered' } })).status).toBe(200);
    const ended = await eventually('the provider gives up telling the consumer', async () => {
      const n = await json<View>(provider.api(providerPath));
      return n.state === 'TERMINATED' ? n : undefined;
    });
    expect(ended.history.at(-1)?.cause).toBe('termination could not be delivered');

    running = await startConsumer();
    const mine = await eventually('the consumer ends', async () => {
      const n = await consumerView(running);
      return n.state === 'REQUESTED' ? undefined : n;
    });
    expect(mine).toMatchObject({ state: 'TERMINATED', terminationReason: expect.stringMatching(/^the counterparty has ended it: GET .* shows it TERMINATED$/) });
    expect(mine.history.at(-1)?.cause).toMatch(/^ended by the counterparty/);
  });
});
