import { describe, expect, it } from 'vitest';
import { BREAST_CANCER, datasetRows, PENGUINS, trainingDataAddress } from './data-sets.js';

describe('the training data sets (read from disk, nothing fetched)', () => {
  it('should load the Wisconsin breast-cancer set whole: 569 rows, 30 features, 212 malignant and 357 benign', () => {
    const rows = BREAST_CANCER.rows();
    expect(rows).toHaveLength(569);
    expect(rows.every((r) => r.x.length === 30 && r.x.every(Number.isFinite))).toBe(true);
    expect(rows.filter((r) => r.label === 'malignant')).toHaveLength(212);
    expect(rows.filter((r) => r.label === 'benign')).toHaveLength(357);
    expect(rows[0]?.x.slice(0, 2)).toEqual([17.99, 10.38]); // first row of the file: mean radius, mean texture
  });

  it('should give every row one hospital and one split, fixed by position, with every hospital holding both classes', () => {
    const rows = BREAST_CANCER.rows();
    const per = BREAST_CANCER.partitions.map((h) => rows.filter((r) => r.part === h));
    expect(per.reduce((n, p) => n + p.length, 0)).toBe(569);
    expect(per.map((p) => p.length)).toEqual([...per.map((p) => p.length)].sort((a, b) => b - a)); // 50 / 30 / 20 %
    for (const p of per) expect(new Set(p.map((r) => r.label)).size).toBe(2);
    const test = rows.filter((r) => r.split === 'test').length;
    expect(test / rows.length).toBeGreaterThan(0.15);
    expect(test / rows.length).toBeLessThan(0.35);
    expect(BREAST_CANCER.rows()).toEqual(rows); // the same at every site and run
  });

  it('should serve a site exactly its part, and refuse unknown sources and parts', () => {
    const lakeside = datasetRows(trainingDataAddress(BREAST_CANCER, 'Lakeside'), 'train');
    expect(lakeside.length).toBe(BREAST_CANCER.rows().filter((r) => r.part === 'Lakeside' && r.split === 'train').length);
    expect(datasetRows(trainingDataAddress(PENGUINS, 'Dream'), 'test').length).toBeGreaterThan(0);
    expect(() => datasetRows({ type: 'TrainingData', source: 'uci/breast-cancer-wisconsin', hospital: 'Elsewhere' }, 'train')).toThrow(/unknown hospital 'Elsewhere'/);
    expect(() => datasetRows({ type: 'TrainingData', source: 'mnist' }, 'train')).toThrow(/unsupported training data source/);
    expect(() => datasetRows({ type: 'HttpData', source: 'vega-datasets/penguins' }, 'train')).toThrow(/unsupported/);
  });
});
