import { describe, expect, it } from 'vitest';
import { describeWithDspSchemas } from '../../test/helpers/dsp-schema-location.js';
import { DSP_EXAMPLES, readDspExample, validateDsp } from '../../test/helpers/dsp-schemas.js';
import { CATALOG_MESSAGE_SCHEMAS, type CatalogMessageType } from './catalog-message-schemas.js';
import { checkDspMessage, dspMessageViolations } from './catalog-message-check.js';

const ours = Object.keys(CATALOG_MESSAGE_SCHEMAS) as CatalogMessageType[];
const examples = Object.entries(DSP_EXAMPLES).filter(([, type]) => (ours as string[]).includes(type)) as [string, CatalogMessageType][];

/** Variants of the upstream examples, each judged by the upstream 2025-1 schema and by ours. */
function variants(type: CatalogMessageType, example: Record<string, unknown>): unknown[] {
  const out: unknown[] = [null, [], 'x', { ...example, '@context': 'https://w3id.org/dspace/2025/1/context.jsonld' }, { ...example, '@context': ['https://example.org/other'] }];
  for (const key of Object.keys(example)) {
    const { [key]: _drop, ...rest } = example;
    out.push(rest, { ...example, [key]: 42 });
  }
  const dataset = (type === 'Catalog' ? (example.dataset as Record<string, unknown>[] | undefined)?.[0] : type === 'Dataset' ? example : undefined) as
    | Record<string, unknown>
    | undefined;
  if (dataset) {
    const offer = (dataset.hasPolicy as Record<string, unknown>[])[0] as Record<string, unknown>;
    const withOffer = (o: unknown) => (type === 'Catalog' ? { ...example, dataset: [{ ...dataset, hasPolicy: [o] }] } : { ...example, hasPolicy: [o] });
    out.push(
      withOffer({ ...offer, target: 'x' }),
      withOffer({ '@id': 'o' }),
      withOffer({ ...offer, permission: [{ action: 'use', constraint: [{ leftOperand: 'a', operator: 'bigger', rightOperand: 'b' }] }] }),
    );
    out.push(withOffer({ ...offer, permission: [{ action: 'use', constraint: [{ leftOperand: 'a', operator: 'eq', rightOperand: 1 }] }] }));
  }
  return out;
}

describeWithDspSchemas('our own DSP catalog message checks against the upstream examples and schema', () => {
  it.each(examples)('should accept the upstream example %s as %s', (file, type) => {
    expect(dspMessageViolations(type, readDspExample(file))).toEqual([]);
  });

  it.each(examples)('should judge variants of %s exactly like the upstream 2025-1 schema', (file, type) => {
    for (const variant of variants(type, readDspExample(file) as Record<string, unknown>)) {
      const upstream = validateDsp('2025-1', type, variant).valid;
      expect({ variant, valid: dspMessageViolations(type, variant).length === 0 }).toEqual({ variant, valid: upstream });
    }
  });
});

describe('our own DSP catalog message checks', () => {
  it('should throw VALIDATION_FAILED with pointers', () => {
    expect(() => checkDspMessage('CatalogRequestMessage', { '@type': 'CatalogRequestMessage' })).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED', violations: [{ pointer: '/@context', message: 'is required' }] }),
    );
  });
});
