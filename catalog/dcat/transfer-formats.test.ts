import { describe, expect, it } from 'vitest';
import type { Asset } from '../asset/asset.js';
import { formatsForAddressType, transferFormats } from './transfer-formats.js';
import { dataService, pullFormat, toDcatDataset } from './to-dcat.js';

const asset = (dataAddress: Asset['dataAddress']): Asset => ({ createdAt: 0, updatedAt: 0, version: 1, id: 'urn:asset:a', dataAddress, properties: { title: 'A' } });
const publisher = { participantId: 'did:web:p', service: dataService('did:web:p#dsp', 'https://p/api/dsp'), formatsFor: transferFormats };
const source = {
  definition: { createdAt: 0, updatedAt: 0, version: 1, id: 'd1', accessPolicyId: 'open', contractPolicyId: 'use', assetsSelector: [] },
  contractPolicy: { createdAt: 0, updatedAt: 0, version: 1, id: 'use', policy: { permission: [{ action: 'use' }] } },
};

describe('transfer formats per data-address type', () => {
  it('should serve HttpData and File assets as HttpData pulls and pushes, the data plane streaming both', () => {
    expect(formatsForAddressType('HttpData')).toEqual(['HttpData-PULL', 'HttpData-PUSH']);
    expect(formatsForAddressType('File')).toEqual(['HttpData-PULL', 'HttpData-PUSH']);
  });

  it('should serve a TrainingData asset by federated training only', () => {
    expect(formatsForAddressType('TrainingData')).toEqual(['FederatedTraining']);
  });

  it('should serve nothing for a type Kontor does not serve, an unknown asset, or an inherited name', () => {
    expect(formatsForAddressType('AmazonS3')).toEqual([]);
    expect(formatsForAddressType(undefined)).toEqual([]);
    expect(formatsForAddressType('toString')).toEqual([]);
  });

  it('should advertise a File asset with the formats the provider accepts, never File-PULL', () => {
    const dataset = toDcatDataset(asset({ type: 'File', path: 'a.csv' }), [source], publisher).dataset;
    expect(dataset?.distribution.map((d) => d.format)).toEqual(['HttpData-PULL', 'HttpData-PUSH']);
    expect(pullFormat(asset({ type: 'File', path: 'a.csv' }))).toEqual(['HttpData-PULL', 'HttpData-PUSH']);
  });

  it('should still offer a dataset whose data-address type cannot be transferred (negotiation only), under <type>-PULL', () => {
    expect(toDcatDataset(asset({ type: 'test' }), [source], publisher).dataset?.distribution.map((d) => d.format)).toEqual(['test-PULL']);
  });
});
