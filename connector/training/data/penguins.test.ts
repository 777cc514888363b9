import { describe, expect, it } from 'vitest';
import { featureStatistics, mergeStatistics, scalingFrom, standardize } from './feature-scaling.js';
import { penguinDataset } from './penguin-dataset.js';
import { penguinsFilePath } from './penguins-file.js';
import { loadPenguins } from './penguins.js';
import { splitTrainTest } from './train-test-split.js';

describe('Palmer penguins from vega-datasets', () => {
  it('should read the installed file from disk and drop the two records without measurements', () => {
    expect(penguinsFilePath()).toMatch(/node_modules\/vega-datasets\/data\/penguins\.json$/);
    const rows = loadPenguins();
    expect(rows).toHaveLength(342);
    expect(rows.filter((r) => r.sex === undefined).length).toBeGreaterThan(0); // kept: sex is not a feature
    const count = (island: string) => rows.filter((r) => r.island === island).length;
    expect([count('Biscoe'), count('Dream'), count('Torgersen')]).toEqual([167, 124, 51]);
    expect(new Set(rows.filter((r) => r.island === 'Torgersen').map((r) => r.species))).toEqual(new Set(['Adelie']));
  });

  it('should drop rows with a missing or non-numeric measurement or an unknown label', () => {
    const good = { Species: 'Gentoo', Island: 'Biscoe', 'Beak Length (mm)': 1, 'Beak Depth (mm)': 2, 'Flipper Length (mm)': 3, 'Body Mass (g)': 4, Sex: '.' };
    const rows = loadPenguins([good, { ...good, 'Body Mass (g)': null }, { ...good, 'Beak Depth (mm)': 'NA' }, { ...good, Species: 'Emperor' }, null]);
    expect(rows).toEqual([{ index: 0, species: 'Gentoo', island: 'Biscoe', sex: undefined, features: [1, 2, 3, 4] }]);
  });

  it('should split deterministically per seed, disjointly, with test rows on every island', () => {
    const rows = loadPenguins();
    const a = splitTrainTest(rows, { seed: 1, testShare: 0.3 });
    expect(splitTrainTest(rows, { seed: 1, testShare: 0.3 })).toEqual(a);
    expect(splitTrainTest(rows, { seed: 2, testShare: 0.3 }).test.map((r) => r.index)).not.toEqual(a.test.map((r) => r.index));
    expect(a.train.length + a.test.length).toBe(342);
    const trainIds = new Set(a.train.map((r) => r.index));
    expect(a.test.some((r) => trainIds.has(r.index))).toBe(false);
    for (const island of ['Biscoe', 'Dream', 'Torgersen']) expect(a.test.some((r) => r.island === island)).toBe(true);
  });

  it('should merge per-site statistics into exactly the pooled scaling, fitted on training rows only', () => {
    const vectors = [[1, 10], [2, 20], [3, 30], [4, 40], [5, 50]];
    const pooled = scalingFrom(featureStatistics(vectors, 2));
    const merged = scalingFrom(mergeStatistics([featureStatistics(vectors.slice(0, 2), 2), featureStatistics(vectors.slice(2), 2)]));
    expect(merged.mean).toEqual(pooled.mean);
    merged.std.forEach((s, j) => expect(s).toBeCloseTo(pooled.std[j] as number, 12));
    expect(scalingFrom(featureStatistics([[7], [7]], 1)).std).toEqual([1]); // constant feature: not divided by 0

    const d = penguinDataset();
    const trainMean = d.train.reduce((s, e) => s + (e.x[0] as number), 0) / d.train.length;
    expect(Math.abs(trainMean)).toBeLessThan(1e-12); // standardised on the training rows…
    expect(Math.abs(d.test.reduce((s, e) => s + (e.x[0] as number), 0) / d.test.length)).toBeGreaterThan(1e-6); // …not the test rows
    expect(Array.from(standardize([d.scaling.mean[0] as number, 0, 0, 0], d.scaling))[0]).toBe(0);
    expect(d.sites.map((s) => s.siteId)).toEqual(['Biscoe', 'Dream', 'Torgersen']);
  });
});
