import { describe, expect, it } from 'vitest';
import { describeWithDspSchemas } from '../../test/helpers/dsp-schema-location.js';
import { validateDsp } from '../../test/helpers/dsp-schemas.js';
import type { Asset } from '../asset/asset.js';
import type { ContractDefinition } from '../contract-definition/contract-definition.js';
import type { PolicyDefinition } from '../policy-definition/policy-definition.js';
import { parseOfferId } from '../offer/offer-id.js';
import { DSP_CONTEXT } from './dcat-types.js';
import { dataService, pullFormat, toDcatCatalog, toDcatDataset, type DcatPublisher } from './to-dcat.js';

const meta = { createdAt: 0, updatedAt: 0, version: 1 };
const asset: Asset = {
  ...meta,
  id: 'urn:asset:weather',
  dataAddress: { type: 'HttpData', baseUrl: 'https://secret.example/data' },
  properties: { title: 'Weather', description: 'Hourly', keywords: ['climate'], mediaType: 'text/csv', license: 'https://spdx.org/licenses/CC-BY-4.0' },
};
const policy = (id: string, body: Record<string, unknown>): PolicyDefinition => ({ ...meta, id, policy: body });
const definition = (id: string, contractPolicyId: string): ContractDefinition => ({ ...meta, id, accessPolicyId: 'open', contractPolicyId, assetsSelector: [] });
const publisher: DcatPublisher = {
  participantId: 'did:web:provider.example',
  service: dataService('did:web:provider.example#dsp', 'https://provider.example/api/dsp'),
  formatsFor: pullFormat,
};

const good = policy('use', { permission: [{ action: 'use' }] });
const bad = policy('pay-only', { obligation: [{ action: 'pay' }] });
const built = toDcatDataset(
  asset,
  [
    { definition: definition('d1', 'use'), contractPolicy: good },
    { definition: definition('d2', 'pay-only'), contractPolicy: bad },
  ],
  publisher,
);
const catalogs = () =>
  [[], built.dataset ? [built.dataset] : []].map((datasets) => ({ datasets, catalog: toDcatCatalog('did:web:provider.example#catalog', datasets, publisher) }));

describe('DCAT mapping', () => {
  it('should build a dataset with one offer per expressible definition', () => {
    const dataset = built.dataset;
    expect(dataset).toBeDefined();
    if (!dataset) return;
    expect(dataset.hasPolicy).toHaveLength(1);
    expect(parseOfferId(dataset.hasPolicy[0]?.['@id'] ?? '')).toMatchObject({ definitionId: 'd1', assetId: 'urn:asset:weather' });
    expect(dataset.hasPolicy[0]).toMatchObject({ '@type': 'Offer', assigner: 'did:web:provider.example' });
    expect(dataset.hasPolicy[0]).not.toHaveProperty('target');
    expect(dataset.distribution).toEqual([{ '@type': 'Distribution', format: 'HttpData-PULL', accessService: publisher.service, 'dcat:mediaType': 'text/csv' }]);
    expect(dataset).toMatchObject({ 'dct:title': 'Weather', 'dcat:keyword': ['climate'] });
    expect(JSON.stringify(dataset)).not.toContain('secret.example');
    expect(built.problems).toEqual([expect.stringMatching(/d2.*pay-only.*neither/)]);
  });

  it('should leave out a dataset with no offer or no distribution', () => {
    expect(toDcatDataset(asset, [], publisher).dataset).toBeUndefined();
    expect(toDcatDataset(asset, [{ definition: definition('d1', 'use'), contractPolicy: good }], { ...publisher, formatsFor: () => [] }).dataset).toBeUndefined();
  });

  it('should build catalogs, with and without datasets', () => {
    for (const { datasets, catalog } of catalogs()) {
      expect(catalog).toMatchObject({ '@context': [DSP_CONTEXT], '@type': 'Catalog', participantId: 'did:web:provider.example', service: [publisher.service] });
      expect('dataset' in catalog).toBe(datasets.length > 0);
    }
  });
});

describeWithDspSchemas('DCAT mapping against the upstream schemas', () => {
  it('should build a schema-valid dataset', () => {
    expect(built.dataset).toBeDefined();
    for (const set of ['2025-1', 'tck'] as const) expect(validateDsp(set, 'Dataset', { '@context': [DSP_CONTEXT], ...built.dataset })).toEqual({ valid: true, errors: [] });
  });

  it('should build schema-valid catalogs, with and without datasets', () => {
    for (const { catalog } of catalogs()) {
      for (const set of ['2025-1', 'tck'] as const) expect(validateDsp(set, 'Catalog', catalog)).toEqual({ valid: true, errors: [] });
    }
  });
});
