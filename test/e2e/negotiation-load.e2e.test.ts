import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { offerId, policyContentHash, toOdrlOffer } from '../../catalog/index.js';
import { startConnector, type RunningConnector } from '../helpers/start-connector.js';
import { BACKENDS } from '../helpers/test-database.js';

const OPEN = { '@type': 'Set', permission: [{ action: 'use' }] };

describe.each(BACKENDS)('50 concurrent negotiations against one provider on $backend', ({ backend, skip }) => {
  let provider: RunningConnector;
  const consumers: RunningConnector[] = [];
  beforeAll(async () => {
    if (skip) return;
    provider = await startConnector(backend, {}, { 'stateMachine.retryBaseMs': 20 });
    for (let i = 0; i < 2; i++) consumers.push(await startConnector(backend, {}, { 'stateMachine.retryBaseMs': 20 }));
    await provider.api('/api/v1/assets', { method: 'POST', json: { id: 'a1', properties: { title: 'A' }, dataAddress: { type: 'HttpData', baseUrl: 'http://127.0.0.1:9/' } } });
    await provider.api('/api/v1/policies', { method: 'POST', json: { id: 'open', policy: OPEN } });
    await provider.api('/api/v1/contract-definitions', { method: 'POST', json: { id: 'cd', accessPolicyId: 'open', contractPolicyId: 'open' } });
  });
  afterAll(async () => {
    for (const c of consumers) await c.stop();
    await provider?.stop();
  });

  it.skipIf(skip)('should finalize all of them with one agreement each and no duplicates', async () => {
    const built = toOdrlOffer(OPEN, offerId({ definitionId: 'cd', assetId: 'a1', policyHash: policyContentHash(OPEN) }), provider.connector.config.participantId);
    if (!built.ok) throw new Error(built.problem);
    const offer = { ...built.offer, target: 'a1' };
    const ended = new Map<string, string>();
    let resolveAll!: () => void;
    const all = new Promise<void>((resolve) => (resolveAll = resolve));
    for (const c of consumers) {
      c.connector.events.on('negotiation.stateChanged', (e) => {
        if (e.to !== 'FINALIZED' && e.to !== 'TERMINATED') return;
        ended.set(e.id, e.to);
        if (ended.size === 50) resolveAll();
      });
    }
    let providerFinalized = 0;
    let resolveProvider!: () => void;
    const providerDone = new Promise<void>((resolve) => (resolveProvider = resolve));
    provider.connector.events.on('negotiation.stateChanged', (e) => {
      if (e.to === 'FINALIZED' && ++providerFinalized === 50) resolveProvider();
    });
    await Promise.all(
      Array.from({ length: 50 }, (_, i) => {
        const c = consumers[i % consumers.length] as RunningConnector;
        return c.api('/api/v1/negotiations', {
          method: 'POST',
          json: { counterPartyAddress: `${provider.publicUrl}/api/dsp`, counterPartyId: provider.connector.config.participantId, offer },
        });
      }),
    );
    await all;
    await providerDone; // the provider saves FINALIZED once its last message is acknowledged
    expect([...ended.values()].every((s) => s === 'FINALIZED')).toBe(true);
    const providerSide = (await (await provider.api('/api/v1/negotiations?state=FINALIZED&limit=500')).json()) as { total: number };
    const agreements = (await (await provider.api('/api/v1/agreements?limit=500')).json()) as { items: { id: string; negotiationId: string }[]; total: number };
    expect(providerSide.total).toBe(50);
    expect(agreements.total).toBe(50);
    expect(new Set(agreements.items.map((a) => a.negotiationId)).size).toBe(50);
  });
});
