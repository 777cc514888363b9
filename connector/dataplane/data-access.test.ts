import { describe, expect, it } from 'vitest';
import { FixedClock } from '../../core/index.js';
import type { TransferProcess } from '../transfer/transfer-process.js';
import { checkFlow, checkPull } from './data-access.js';
import type { DataPlaneDeps } from './data-plane-deps.js';
import { dataTokens } from './data-token.js';

const clock = new FixedClock();
const tokens = dataTokens({ issuer: 'did:web:provider', secret: 'x'.repeat(32), ttlSeconds: 300, clock });

function depsWith(t: Partial<TransferProcess>): DataPlaneDeps {
  const transfer = {
    id: 'tp-1',
    role: 'provider',
    state: 'STARTED',
    transferType: 'HttpData-PULL',
    agreementId: 'ag-1',
    assetId: 'a1',
    counterPartyId: 'did:web:consumer',
    ...t,
  } as TransferProcess;
  return {
    transfers: { findById: async (id: string) => (id === transfer.id ? transfer : undefined) },
    findAsset: async () => ({ id: 'a1', properties: { title: 'A' }, dataAddress: { type: 'File', path: 'a' } }),
    policy: { check: async () => undefined },
    tokens,
  } as unknown as DataPlaneDeps;
}

const token = async () => (await tokens.issue({ transferId: 'tp-1', agreementId: 'ag-1', audience: 'did:web:consumer' })).token;

describe('the data plane and a transfer the provider is STARTING', () => {
  it('should serve a pull with a verified token while the provider saves STARTED (the consumer may have heard of it first)', async () => {
    await expect(checkPull(depsWith({ state: 'STARTING' }), 'tp-1', `Bearer ${await token()}`)).resolves.toMatchObject({ transfer: { state: 'STARTING' } });
  });

  it('should still refuse a pull before the start decision, after an end, and without a valid token', async () => {
    for (const state of ['REQUESTED', 'SUSPENDED', 'TERMINATING', 'TERMINATED'] as const) {
      await expect(checkPull(depsWith({ state }), 'tp-1', `Bearer ${await token()}`)).rejects.toMatchObject({ code: 'FORBIDDEN', detail: `the transfer is ${state}` });
    }
    await expect(checkPull(depsWith({ state: 'STARTING' }), 'tp-1', 'Bearer not-a-token')).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it('should issue fresh tokens (the refresh endpoint’s check) only once the transfer is STARTED', async () => {
    const deps = depsWith({ state: 'STARTING' });
    const t = await deps.transfers.findById('tp-1');
    await expect(checkFlow(deps, t)).rejects.toMatchObject({ code: 'FORBIDDEN', detail: 'the transfer is STARTING' });
  });
});
