import { describe, expect, it } from 'vitest';
import { penguinDataset } from '../data/penguin-dataset.js';
import { createModel } from '../model/create-model.js';
import { l2Norm } from './clip-and-noise.js';
import { effectivePrivacy } from './privacy-bounds.js';
import { trainLocally } from './train-locally.js';
import type { LocalTrainingJob } from './training-job.js';

const data = penguinDataset();
const site = data.sites[0]!;
const job = (over: Partial<LocalTrainingJob> = {}): LocalTrainingJob => ({
  spec: data.spec, globalParams: createModel(data.spec).initialParameters(), rows: site.train,
  plan: { localEpochs: 5, learningRate: 0.1, batchSize: 16 }, privacy: {}, seed: 11, ...over,
});

describe('effective privacy: the strictest of request, agreement and site', () => {
  it('should take the smallest clip norm and the largest noise multiplier', () => {
    expect(effectivePrivacy({ requested: { clipNorm: 5, noiseMultiplier: 0 }, agreement: { clipNorm: 1, noiseMultiplier: 0.5 }, site: { clipNorm: 2, noiseMultiplier: 0.8 } }))
      .toEqual({ clipNorm: 1, noiseMultiplier: 0.8 });
    expect(effectivePrivacy({ requested: { clipNorm: 0.2, noiseMultiplier: 2 }, agreement: { clipNorm: 1, noiseMultiplier: 0.5 } })).toEqual({ clipNorm: 0.2, noiseMultiplier: 2 });
    expect(effectivePrivacy({})).toEqual({ clipNorm: Infinity, noiseMultiplier: 0 });
  });

  it('should refuse noise without a clip norm, and invalid values', () => {
    expect(() => effectivePrivacy({ site: { noiseMultiplier: 1 } })).toThrow(/finite clipNorm/);
    expect(() => effectivePrivacy({ requested: { clipNorm: 0 } })).toThrow(/positive/);
    expect(() => effectivePrivacy({ requested: { noiseMultiplier: -1 } })).toThrow(/≥ 0/);
  });
});

describe('trainLocally', () => {
  it('should return a delta, the sample count and aggregate metrics only', () => {
    const result = trainLocally(job());
    expect(Object.keys(result).sort()).toEqual(['metrics', 'sampleCount', 'update']);
    expect(result.update.kind).toBe('delta');
    expect(result.update.values).toHaveLength(15);
    expect(result.sampleCount).toBe(site.train.length);
    expect(result.metrics.lossAfter).toBeLessThan(result.metrics.lossBefore);
    expect(Object.values(result.metrics).every((v) => typeof v === 'number')).toBe(true);
    expect(trainLocally(job())).toEqual(result); // seeded: reproducible
  });

  it('should clip the update to the agreement bound even when the coordinator asks for more', () => {
    const loose = trainLocally(job());
    expect(loose.metrics.updateNorm).toBeGreaterThan(1);
    const clipped = trainLocally(job({ privacy: { requested: { clipNorm: 100 }, agreement: { clipNorm: 0.5 } } }));
    expect(l2Norm(clipped.update.values)).toBeCloseTo(0.5, 12);
    expect(clipped.metrics).toMatchObject({ clipNorm: 0.5, updateNorm: loose.metrics.updateNorm });
    const direction = (v: Float64Array) => Array.from(v, (x) => x / l2Norm(v));
    direction(clipped.update.values).forEach((x, i) => expect(x).toBeCloseTo(direction(loose.update.values)[i] as number, 12));
    const small = trainLocally(job({ privacy: { agreement: { clipNorm: 1000 } } }));
    expect(Array.from(small.update.values)).toEqual(Array.from(loose.update.values)); // never scaled up
  });

  it('should add noise with σ = z·C using the site floor when the coordinator asks for none', () => {
    const demands = { requested: { clipNorm: 1, noiseMultiplier: 0 }, agreement: { clipNorm: 1, noiseMultiplier: 0.5 }, site: { noiseMultiplier: 2 } };
    const noisy = trainLocally(job({ privacy: demands }));
    expect(noisy.metrics).toMatchObject({ clipNorm: 1, noiseMultiplier: 2, noiseStd: 2 });
    const clean = trainLocally(job({ privacy: { requested: { clipNorm: 1 } } }));
    const noise = Array.from(noisy.update.values, (v, i) => v - (clean.update.values[i] as number));
    const sd = Math.sqrt(noise.reduce((s, v) => s + v * v, 0) / noise.length);
    expect(sd).toBeGreaterThan(1); // 15 draws of N(0, 2²): the sample sd is far from 0.5 (the agreement's)
    expect(sd).toBeLessThan(3.5);
    expect(trainLocally(job({ privacy: demands, seed: 12 })).update.values).not.toEqual(noisy.update.values);
  });

  it('should reject an empty site and a bad plan', () => {
    expect(() => trainLocally(job({ rows: [] }))).toThrow(/zero rows/);
    expect(() => trainLocally(job({ plan: { localEpochs: 0, learningRate: 0.1, batchSize: 16 } }))).toThrow(/localEpochs/);
  });
});
