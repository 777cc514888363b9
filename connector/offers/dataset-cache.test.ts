import { describe, expect, it } from 'vitest';
import type { Asset, ContractDefinition, PolicyDefinition } from '../../catalog/index.js';
import { dataService, pullFormat, type DcatDataset } from './catalog-imports.js';
import { DatasetCache } from './dataset-cache.js';

const meta = { createdAt: 0, updatedAt: 0, version: 1 };
const asset: Asset = { id: 'a1', properties: { title: 'A' }, dataAddress: { type: 'HttpData' }, ...meta };
const definition: ContractDefinition = { id: 'd1', accessPolicyId: 'open', contractPolicyId: 'use', assetsSelector: [], ...meta };
const use: PolicyDefinition = { id: 'use', policy: { '@type': 'Set', permission: [{ action: 'use' }] }, ...meta };
const publisher = (url: string) => ({ participantId: 'did:web:p', service: dataService('did:web:p#dsp', url), formatsFor: pullFormat });
const dataset = (id: string) => ({ '@id': id }) as DcatDataset;

describe('dataset cache', () => {
  it('gives another key when anything the dataset is built from changes', () => {
    const cache = new DatasetCache();
    const base = cache.key(asset, [{ definition, contractPolicy: use }], publisher('http://p/dsp'));
    expect(cache.key(asset, [{ definition, contractPolicy: { ...use } }], publisher('http://p/dsp'))).toBe(base);
    const variants = [
      cache.key({ ...asset, properties: { title: 'B' } }, [{ definition, contractPolicy: use }], publisher('http://p/dsp')),
      cache.key({ ...asset, dataAddress: { type: 'AmazonS3' } }, [{ definition, contractPolicy: use }], publisher('http://p/dsp')),
      cache.key(asset, [{ definition, contractPolicy: { ...use, policy: { '@type': 'Set', permission: [{ action: 'read' }] } } }], publisher('http://p/dsp')),
      cache.key(asset, [{ definition: { ...definition, id: 'd2' }, contractPolicy: use }], publisher('http://p/dsp')),
      cache.key(asset, [], publisher('http://p/dsp')),
      cache.key(asset, [{ definition, contractPolicy: use }], publisher('http://q/dsp')),
    ];
    for (const key of variants) expect(key).not.toBe(base);
    expect(new Set(variants).size).toBe(variants.length);
  });

  it('keeps at most maxEntries, dropping the least recently used first', () => {
    const cache = new DatasetCache(2);
    cache.set('a', dataset('a'));
    cache.set('b', null);
    expect(cache.get('a')).toEqual(dataset('a'));
    cache.set('c', dataset('c'));
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toEqual(dataset('a'));
    expect(cache.get('c')).toEqual(dataset('c'));
    expect(cache.size).toBe(2);
    expect(new DatasetCache(0).size).toBe(0);
  });
});
