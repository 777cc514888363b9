import { describe, expect, it } from 'vitest';
import { dataService, toDcatCatalog, type DcatDataset } from './catalog-imports.js';
import { catalogJson } from './catalog-json.js';

const publisher = { participantId: 'did:web:p', service: dataService('did:web:p#dsp', 'http://p/api/dsp') };
const dataset = (id: string): DcatDataset => ({
  '@id': id,
  '@type': 'Dataset',
  hasPolicy: [{ '@id': `urn:o:${id}`, '@type': 'Offer', assigner: 'did:web:p', permission: [{ action: 'use' }] }],
  distribution: [],
});

describe('catalog JSON', () => {
  it('is the text of toDcatCatalog, with or without datasets', () => {
    for (const datasets of [[], [dataset('a')], [dataset('a'), dataset('b "quoted"')]]) {
      const text = catalogJson(
        'did:web:p#catalog',
        datasets.map((d) => JSON.stringify(d)),
        publisher,
      );
      expect(text).toBe(JSON.stringify(toDcatCatalog('did:web:p#catalog', datasets, publisher)));
    }
  });
});
