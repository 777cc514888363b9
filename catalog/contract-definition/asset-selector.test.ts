import { describe, expect, it } from 'vitest';
import { referencedAssetIds, selectsAsset } from './asset-selector.js';

const asset = { id: 'a1', properties: { title: 'T', mediaType: 'text/csv', keywords: ['x', 'y'] } };

describe('selectsAsset', () => {
  it.each([
    [[], true],
    [[{ operandLeft: 'id', operator: '=', operandRight: 'a1' }], true],
    [[{ operandLeft: 'id', operator: '=', operandRight: 'a2' }], false],
    [[{ operandLeft: 'id', operator: 'in', operandRight: ['a2', 'a1'] }], true],
    [[{ operandLeft: 'id', operator: '!=', operandRight: 'a1' }], false],
    [[{ operandLeft: 'mediaType', operator: '=', operandRight: 'text/csv' }], true],
    [[{ operandLeft: 'keywords', operator: '=', operandRight: 'y' }], true],
    [[{ operandLeft: 'keywords', operator: 'in', operandRight: ['z'] }], false],
    [
      [
        { operandLeft: 'id', operator: '=', operandRight: 'a1' },
        { operandLeft: 'mediaType', operator: '=', operandRight: 'x' },
      ],
      false,
    ],
  ] as const)('should decide %j → %s', (selector, expected) => {
    expect(selectsAsset(selector as never, asset)).toBe(expected);
  });
});

describe('referencedAssetIds', () => {
  it('should list ids named by = and in, not by != or other properties', () => {
    expect(
      referencedAssetIds([
        { operandLeft: 'id', operator: '=', operandRight: 'a' },
        { operandLeft: 'id', operator: 'in', operandRight: ['b', 'a'] },
        { operandLeft: 'id', operator: '!=', operandRight: 'c' },
        { operandLeft: 'title', operator: '=', operandRight: 'd' },
      ]),
    ).toEqual(['a', 'b']);
  });
});
