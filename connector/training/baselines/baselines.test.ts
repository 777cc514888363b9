import { describe, expect, it } from 'vitest';
import { penguinDataset } from '../data/penguin-dataset.js';
import { runCentralizedBaseline, runInProcessFedAvg, runSingleSiteBaselines } from './baselines.js';

describe('penguins: centralized, FedAvg by island, single-site (fixed seeds)', () => {
  const dataset = penguinDataset({ seed: 42 });
  const central = runCentralizedBaseline({ dataset });
  const federated = runInProcessFedAvg({ dataset });

  it('should bring FedAvg by island within 2 points of centralized training', () => {
    expect(central.accuracy).toBeGreaterThan(0.95);
    expect(Math.abs(federated.accuracy - central.accuracy)).toBeLessThanOrEqual(0.02);
    expect(federated.rounds).toHaveLength(20);
    expect(federated.rounds.at(-1)?.accuracy).toBe(federated.accuracy);
    expect(federated.rounds[0]?.sites.map((s) => s.sampleCount)).toEqual(dataset.sites.map((s) => s.train.length));
  });

  it('should beat every single-island model by at least 10 points (Torgersen alone knows one species)', () => {
    const single = runSingleSiteBaselines({ dataset });
    expect(single.map((s) => s.siteId)).toEqual(['Biscoe', 'Dream', 'Torgersen']);
    for (const s of single) expect(federated.accuracy - s.accuracy).toBeGreaterThanOrEqual(0.1);
    expect(single.find((s) => s.siteId === 'Torgersen')!.accuracy).toBeLessThan(0.6);
  });

  it('should be reproducible and hold across split seeds', () => {
    expect(runInProcessFedAvg({ dataset }).modelHash).toBe(federated.modelHash);
    for (const seed of [1, 2, 3]) {
      const d = penguinDataset({ seed });
      expect(Math.abs(runInProcessFedAvg({ dataset: d }).accuracy - runCentralizedBaseline({ dataset: d }).accuracy)).toBeLessThanOrEqual(0.02);
    }
  });

  it('should still learn with site-level clipping and modest noise', () => {
    const dp = runInProcessFedAvg({ dataset, privacy: { agreement: { clipNorm: 1, noiseMultiplier: 0.1 } } });
    expect(dp.accuracy).toBeGreaterThan(0.85);
    expect(dp.modelHash).not.toBe(federated.modelHash);
  });
});
