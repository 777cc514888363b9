import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { selectsAsset } from '../contract-definition/asset-selector.js';
import type { AssetCriterion, ContractDefinition } from '../contract-definition/contract-definition.js';
import { DefinitionIndex } from './definition-index.js';

const ids = ['a', 'b', 'c'];
const criterion: fc.Arbitrary<AssetCriterion> = fc.oneof(
  fc.record({
    operandLeft: fc.constant('id'),
    operator: fc.constantFrom('=', '!=', 'in') as fc.Arbitrary<AssetCriterion['operator']>,
    operandRight: fc.oneof(fc.constantFrom(...ids), fc.subarray(ids)),
  }),
  fc.record({ operandLeft: fc.constant('mediaType'), operator: fc.constantFrom('=', '!=') as fc.Arbitrary<AssetCriterion['operator']>, operandRight: fc.constantFrom('x', 'y') }),
);

describe('DefinitionIndex', () => {
  it('should select exactly what selectsAsset selects, in input order', () => {
    fc.assert(
      fc.property(fc.array(fc.array(criterion, { maxLength: 3 }), { maxLength: 8 }), fc.constantFrom(...ids, 'z'), fc.constantFrom('x', 'y'), (selectors, id, mediaType) => {
        const definitions = selectors.map((assetsSelector, i) => ({ id: `d${i}`, assetsSelector }) as ContractDefinition);
        const asset = { id, properties: { title: 't', mediaType } };
        expect(new DefinitionIndex(definitions).selecting(asset).map((d) => d.id)).toEqual(definitions.filter((d) => selectsAsset(d.assetsSelector, asset)).map((d) => d.id));
      }),
    );
  });
});
