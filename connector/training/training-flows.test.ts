import { describe, expect, it } from 'vitest';
import type { AssetStore } from '../../catalog/index.js';
import type { SiteSession, SiteSessionStore } from './site/site-session.js';
import { trainingFlows } from './training-flows.js';

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
    listActive: async () => [...sessions.values()].filter((s) => s.status === 'active'),
  } as unknown as SiteSessionStore;
  const assets = { findById: async (id: string) => ({ id, dataAddress: { ...dataAddress, path: `/data/${id}.csv` } }) } as unknown as AssetStore;
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
  return { flows, released, ended, recorded };
}

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
