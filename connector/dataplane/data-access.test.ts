import { describe, expect, it } from 'vitest';
import { FixedClock } from '../../core/index.js';
import type { TransferProcess } from '../transfer/transfer-process.js';
import { checkFlow, checkPull } from './data-access.js';
import type { DataPlaneDeps } from './data-plane-deps.js';
import { dataTokens, tokenClaimsFor } from './data-token.js';

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

describe('the data plane and a resumed transfer', () => {
  it('should refuse a token issued before the last resume (an older token epoch), and take one issued since', async () => {
    const before = (await tokens.issue(tokenClaimsFor({ id: 'tp-1', agreementId: 'ag-1', counterPartyId: 'did:web:consumer' } as TransferProcess))).token;
    const resumed = depsWith({ tokenEpoch: 1 });
    await expect(checkPull(resumed, 'tp-1', `Bearer ${before}`)).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
      detail: expect.stringMatching(/before the transfer was last suspended/),
    });
    const since = (await tokens.issue(tokenClaimsFor((await resumed.transfers.findById('tp-1')) as TransferProcess))).token;
    await expect(checkPull(resumed, 'tp-1', `Bearer ${since}`)).resolves.toMatchObject({ transfer: { tokenEpoch: 1 } });
    await expect(checkPull(depsWith({}), 'tp-1', `Bearer ${since}`)).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });
});
