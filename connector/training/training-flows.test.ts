import { describe, expect, it } from 'vitest';
import type { AssetStore } from '../../catalog/index.js';
import type { SiteSession, SiteSessionStore } from './site/site-session.js';
import type { TransferProcess, TransferState } from '../transfer/index.js';
import { trainingFlows, trainingStep } from './training-flows.js';

const dataAddress = { type: 'TrainingData', format: 'csv', path: '/data/site.csv' };

/** Two training transfers over one asset, a third over another; sessions end as the transfers do. */
function setUp(release: (dataset: Record<string, unknown>) => Promise<number> = async () => 2) {
  const sessions = new Map<string, Pick<SiteSession, 'transferId' | 'assetId' | 'status'>>([
    ['t1', { transferId: 't1', assetId: 'a', status: 'active' }],
    ['t2', { transferId: 't2', assetId: 'a', status: 'active' }],
    ['t3', { transferId: 't3', assetId: 'b', status: 'active' }],
  ]);
  const store = {
    find: async (id: string) => sessions.get(id),
    end: async (id: string) => {
      const s = sessions.get(id);
      if (s) s.status = 'ended';
    },
    open: async (s: { transferId: string }) => sessions.get(s.transferId),
    suspend: async (id: string) => {
      const s = sessions.get(id);
      if (s?.status === 'active') s.status = 'suspended';
    },
    resume: async (id: string) => {
      const s = sessions.get(id);
      if (s?.status === 'suspended') s.status = 'active';
    },
    listLive: async () => [...sessions.values()].filter((s) => s.status !== 'ended'),
  } as unknown as SiteSessionStore;
  const assets = {
    findById: async (id: string) => ({ id, dataAddress: id === 'builtin' ? { type: 'TrainingData', source: 'penguins' } : { ...dataAddress, path: `/data/${id}.csv` } }),
  } as unknown as AssetStore;
  const released: unknown[] = [];
  const ended: string[] = [];
  const recorded: [string, number][] = [];
  const flows = trainingFlows({
    sessions: store,
    assets,
    publicUrl: 'https://site.example',
    dataRoot: '/data',
    onEnded: async (id) => {
      ended.push(id);
    },
    onReleased: async (s, files) => {
      recorded.push([s.transferId, files]);
    },
    release: async (dataset) => {
      released.push(dataset);
      return release(dataset);
    },
  });
  return { flows, released, ended, recorded, sessions };
}

const transfer = (id: string, state: TransferState, role: 'provider' | 'consumer' = 'provider') => ({ id, state, role, transferType: 'FederatedTraining' }) as TransferProcess;

describe('the end of a training transfer at the site', () => {
  it('releases the data kept for training (row files) when the last transfer over the asset ends, not before', async () => {
    const { flows, released, ended, recorded } = setUp();
    await flows.end('t1');
    expect(released).toEqual([]);
    await flows.end('t2');
    expect(released).toEqual([{ ...dataAddress, path: '/data/a.csv' }]);
    await flows.end('t3');
    expect(released).toHaveLength(2);
    expect(ended).toEqual(['t1', 't2', 't3']);
    expect(recorded).toEqual([
      ['t2', 2],
      ['t3', 2],
    ]);
  });

  it('still ends the transfer (and watches for its receipts) when the release fails', async () => {
    const { flows, released, ended, recorded } = setUp(async () => {
      throw new Error('disk gone');
    });
    await flows.end('t3');
    expect(released).toHaveLength(1);
    expect(recorded).toEqual([]);
    expect(ended).toEqual(['t3']);
  });
});

describe('a suspension of a training transfer at the site', () => {
  it('pauses the session: nothing released, no receipt watch; started again, it runs with the same session', async () => {
    const { flows, released, ended, sessions } = setUp();
    await flows.changed(transfer('t3', 'SUSPENDING'));
    await flows.changed(transfer('t3', 'SUSPENDED'));
    expect(sessions.get('t3')?.status).toBe('suspended');
    expect(released).toEqual([]);
    expect(ended).toEqual([]);
    await flows.changed(transfer('t3', 'STARTED'));
    expect(sessions.get('t3')?.status).toBe('active');
  });

  it('runs a suspended session again when the transfer starts anew (the site resumed it: a new address)', async () => {
    const { flows, sessions } = setUp();
    await flows.changed(transfer('t3', 'SUSPENDED'));
    const t = { ...transfer('t3', 'STARTING'), assetId: 'builtin', agreementId: 'agr', counterPartyId: 'did:web:c' } as TransferProcess;
    expect((await flows.address(t)).endpoint).toBe('https://site.example/api/training/t3');
    expect(sessions.get('t3')?.status).toBe('active');
  });

  it('keeps the data of a suspended transfer when another over the same asset ends', async () => {
    const { flows, released } = setUp();
    await flows.changed(transfer('t1', 'SUSPENDED'));
    await flows.changed(transfer('t2', 'TERMINATED'));
    expect(released).toEqual([]);
    await flows.changed(transfer('t1', 'TERMINATING'));
    expect(released).toEqual([{ ...dataAddress, path: '/data/a.csv' }]);
  });

  it('ends a suspended transfer that completes or terminates, and never brings an ended one back', async () => {
    const { flows, ended, sessions } = setUp();
    await flows.changed(transfer('t3', 'SUSPENDED'));
    await flows.changed(transfer('t3', 'TERMINATED'));
    await flows.changed(transfer('t3', 'STARTED'));
    expect(sessions.get('t3')?.status).toBe('ended');
    expect(ended).toEqual(['t3']);
  });

  it('follows only the training transfers this site provides, at their suspensions, starts and ends', () => {
    expect(trainingStep(transfer('t', 'SUSPENDED', 'consumer'))).toBeUndefined();
    expect(trainingStep(transfer('t', 'TERMINATED', 'consumer'))).toBeUndefined();
    expect(trainingStep({ ...transfer('t', 'SUSPENDED'), transferType: 'HttpData-PULL' })).toBeUndefined();
    expect(trainingStep(transfer('t', 'SUSPENDING'))).toBe('suspend');
    expect(trainingStep(transfer('t', 'STARTED'))).toBe('resume');
    expect(trainingStep(transfer('t', 'STARTING'))).toBeUndefined();
    expect(trainingStep(transfer('t', 'REQUESTED'))).toBeUndefined();
    for (const state of ['COMPLETING', 'COMPLETED', 'TERMINATING', 'TERMINATED'] as const) expect(trainingStep(transfer('t', state))).toBe('end');
  });
});
