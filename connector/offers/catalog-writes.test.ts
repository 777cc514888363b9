import { describe, expect, it } from 'vitest';
import { changesCatalog } from './catalog-writes.js';

describe('changesCatalog', () => {
  it.each([
    ['/api/v1/assets', true],
    ['/api/v1/assets/a1', true],
    ['/api/v1/policies/p', true],
    ['/api/v1/contract-definitions', true],
    ['/management/v3/assets', true],
    ['/management/v3/policydefinitions/x', true],
    ['/management/v3/contractdefinitions', true],
    ['/api/v1/assetsx', false],
    ['/api/v1/webhooks', false],
    ['/api/v1/negotiations', false],
    ['/management/v3/edrs', false],
    ['/x/api/v1/assets', false],
  ])('%s → %s', (path, expected) => {
    expect(changesCatalog(path)).toBe(expected);
  });
});
