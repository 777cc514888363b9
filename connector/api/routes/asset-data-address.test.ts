import { describe, expect, it } from 'vitest';
import { checkDataAddress } from './asset-data-address.js';

const pointers = (address: { type: string; [k: string]: unknown }, foreign?: 'refuse' | 'bare') => {
  try {
    checkDataAddress(address, { ...(foreign ? { foreign } : {}), fileRoot: '/srv/data', trainingDataRoot: '/srv/training' });
    return [];
  } catch (e) {
    return (e as { violations: { pointer: string }[] }).violations.map((v) => v.pointer);
  }
};

describe('asset data addresses by type', () => {
  it("should check HttpData and File by the data plane's rules and leave TrainingData to the training check", () => {
    expect(pointers({ type: 'HttpData', baseUrl: 'https://x', method: 'POST' })).toEqual(['/dataAddress/method']);
    for (const baseUrl of ['https://user:pass@b.example/x', 'https://user@b.example/x', 'https://:pass@b.example/x'])
      expect([baseUrl, pointers({ type: 'HttpData', baseUrl })]).toEqual([baseUrl, ['/dataAddress/baseUrl']]);
    expect(pointers({ type: 'HttpData', baseUrl: 'https://b.example/x?user=a@b' })).toEqual([]);
    expect(pointers({ type: 'File', path: 'a.csv', bogus: '1' })).toEqual(['/dataAddress/bogus']);
    expect(pointers({ type: 'File', path: 'a.csv' })).toEqual([]);
    expect(pointers({ type: 'File', path: '/etc/passwd' })).toEqual(['/dataAddress/path']);
    expect(pointers({ type: 'TrainingData', source: 'vega-datasets/penguins' })).toEqual([]);
  });

  it('should take an own-data TrainingData file only below training.dataRoot, naming the path (urlFile for PostgreSQL)', () => {
    expect(pointers({ type: 'TrainingData', format: 'csv', path: '/srv/training/site.csv' })).toEqual([]);
    expect(pointers({ type: 'TrainingData', format: 'parquet', path: '/etc/shadow' })).toEqual(['/dataAddress/path']);
    expect(pointers({ type: 'TrainingData', format: 'csv', path: '/srv/training/../data/key.json' })).toEqual(['/dataAddress/path']);
    expect(pointers({ type: 'TrainingData', format: 'sqlite', path: '/srv/training-other/site.db', table: 't' })).toEqual(['/dataAddress/path']);
    expect(pointers({ type: 'TrainingData', format: 'postgres', urlFile: '/run/secrets/db-url', table: 't' })).toEqual(['/dataAddress/urlFile']);
    expect(pointers({ type: 'TrainingData', format: 'postgres', urlFile: '/srv/training/db-url', table: 't' })).toEqual([]);
    const unset = () => checkDataAddress({ type: 'TrainingData', format: 'csv', path: '/srv/training/site.csv' }, { fileRoot: undefined, trainingDataRoot: undefined });
    expect(unset).toThrow(/training\.dataRoot \(KONTOR_TRAINING_DATA_ROOT\)/);
  });

  it('should refuse a type Kontor does not serve, or keep it bare only when asked (the EDC layer)', () => {
    expect(pointers({ type: 'AmazonS3' })).toEqual(['/dataAddress/type']);
    expect(pointers({ type: 'file', path: 'a.csv' })).toEqual(['/dataAddress/type']);
    expect(pointers({ type: 'test' }, 'bare')).toEqual([]);
    expect(pointers({ type: 'test', bucket: 'b', 'a/b': 1 }, 'bare')).toEqual(['/dataAddress/bucket', '/dataAddress/a~1b']);
  });
});
