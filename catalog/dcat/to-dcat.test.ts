import { describe, expect, it } from 'vitest';
import { describeWithDspSchemas } from '../../test/helpers/dsp-schema-location.js';
import { dspExpand, dspExpansionProblem } from '../../test/helpers/dsp-expansion.js';
import { validateDsp } from '../../test/helpers/dsp-schemas.js';
import type { Asset } from '../asset/asset.js';
import type { ContractDefinition } from '../contract-definition/contract-definition.js';
import type { PolicyDefinition } from '../policy-definition/policy-definition.js';
import { parseOfferId } from '../offer/offer-id.js';
import { DSP_CONTEXT } from './dcat-types.js';
import { transferFormats } from './transfer-formats.js';
import { dataService, toDcatCatalog, toDcatDataset, type DcatPublisher } from './to-dcat.js';

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
  formatsFor: transferFormats,
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
    expect(dataset.distribution).toEqual(
      ['HttpData-PULL', 'HttpData-PUSH'].map((format) => ({ '@type': 'Distribution', format, accessService: publisher.service, 'dcat:mediaType': 'text/csv' })),
    );
    expect(dataset).toMatchObject({ 'dct:title': 'Weather', 'dcat:keyword': ['climate'] });
    expect(JSON.stringify(dataset)).not.toContain('secret.example');
    expect(built.problems).toEqual([expect.stringMatching(/d2.*pay-only.*neither/)]);
  });

  it("should publish the asset's further properties named by full IRIs, as given, and keep other ones out", () => {
    const tx: Asset = {
      ...asset,
      properties: {
        title: 'Submodel',
        'http://purl.org/dc/terms/type': { '@id': 'https://w3id.org/catenax/taxonomy#Submodel' },
        'https://w3id.org/catenax/ontology/common#version': '3.0',
        'https://example.org/ns#issued': { '@value': '2026-01-01', '@type': 'xsd:date' },
        'https://example.org/ns#theme': [{ '@id': 'cx-policy:Theme' }, 'other'],
        'https://example.org/ns#nested': { some: 'object' },
        'http://purl.org/dc/terms/title': 'a second title',
        'https://w3id.org/kontor/vocab#internal': 'x',
        'edc:proxyPath': 'true',
        'kontor:trainingData': { rows: 10 },
        owner: 'team-a',
      },
    };
    const dataset = toDcatDataset(tx, [{ definition: definition('d1', 'use'), contractPolicy: good }], publisher).dataset ?? {};
    const described = Object.fromEntries(Object.entries(dataset).filter(([k]) => !['@id', '@type', 'hasPolicy', 'distribution'].includes(k)));
    expect(described).toEqual({
      'dct:title': 'Submodel',
      'https://w3id.org/kontor/vocab#trainingData': '{"rows":10}',
      'http://purl.org/dc/terms/type': { '@id': 'https://w3id.org/catenax/taxonomy#Submodel' },
      'https://w3id.org/catenax/ontology/common#version': '3.0',
      'https://example.org/ns#issued': { '@value': '2026-01-01', '@type': 'xsd:date' },
      'https://example.org/ns#theme': [{ '@id': 'https://w3id.org/catenax/policy/Theme' }, 'other'],
    });
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

  it('should build a dataset with published properties and prefixed policy terms that validates and expands offline with the DSP context alone', async () => {
    const tx: Asset = {
      ...asset,
      properties: { title: 'T', 'http://purl.org/dc/terms/type': { '@id': 'https://w3id.org/catenax/taxonomy#Submodel' }, 'https://example.org/v': '1' },
    };
    const members = policy('members', { permission: [{ action: 'use', constraint: [{ leftOperand: 'cx-policy:Membership', operator: 'eq', rightOperand: 'active' }] }] });
    const dataset = { '@context': [DSP_CONTEXT], ...toDcatDataset(tx, [{ definition: definition('d1', 'members'), contractPolicy: members }], publisher).dataset };
    for (const set of ['2025-1', 'tck'] as const) expect(validateDsp(set, 'Dataset', dataset)).toEqual({ valid: true, errors: [] });
    expect(await dspExpansionProblem(dataset)).toBeUndefined();
  });

  it('should write ODRL terms the DSP context does not define (unit, dataType) so that a DSP processor keeps them', async () => {
    const rounds = policy('rounds', {
      permission: [
        {
          action: 'use',
          constraint: [
            { leftOperand: 'count', operator: 'lteq', rightOperand: 5, unit: 'fl:TrainingRound' },
            { leftOperand: 'dateTime', operator: 'lt', rightOperand: '2030-01-01T00:00:00Z', dataType: 'xsd:dateTime' },
          ],
        },
      ],
    });
    const dataset = { '@context': [DSP_CONTEXT], ...toDcatDataset(asset, [{ definition: definition('d1', 'rounds'), contractPolicy: rounds }], publisher).dataset };
    for (const set of ['2025-1', 'tck'] as const) expect(validateDsp(set, 'Dataset', dataset)).toEqual({ valid: true, errors: [] });
    expect(await dspExpansionProblem(dataset)).toBeUndefined();
    const expanded = JSON.stringify(await dspExpand(dataset));
    expect(expanded).toContain('"http://www.w3.org/ns/odrl/2/unit":[{"@id":"https://w3id.org/kontor/fl/TrainingRound"}]');
    expect(expanded).toContain('"http://www.w3.org/ns/odrl/2/dataType":[{"@id":"http://www.w3.org/2001/XMLSchema#dateTime"}]');
  });

  it('should build schema-valid catalogs, with and without datasets', () => {
    for (const { catalog } of catalogs()) {
      for (const set of ['2025-1', 'tck'] as const) expect(validateDsp(set, 'Catalog', catalog)).toEqual({ valid: true, errors: [] });
    }
  });
});
