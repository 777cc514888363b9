import { describe, expect, it } from 'vitest';
import type { ConnectorError } from '../../core/index.js';
import { parseCatalogFilter } from './catalog-filter.js';

const parsed = (filter: readonly unknown[] | undefined) => {
  try {
    return parseCatalogFilter(filter);
  } catch (error) {
    const e = error as ConnectorError;
    return { code: e.code, detail: e.detail, violations: e.violations };
  }
};

describe('parseCatalogFilter (the filter of a CatalogRequestMessage)', () => {
  it.each([
    [undefined, {}],
    [[], {}],
    [[{ q: 'blood' }], { q: 'blood' }],
    [[{ keyword: 'oncology', mediaType: 'text/csv' }], { keyword: 'oncology', mediaType: 'text/csv' }],
    [[{ q: 'x' }, { keyword: 'y' }], { q: 'x', keyword: 'y' }],
    [[{ q: 'a'.repeat(200) }], { q: 'a'.repeat(200) }],
  ])('%o → %o', (filter, expected) => {
    expect(parsed(filter)).toEqual(expected);
  });

  it.each([
    [['text'], '/filter/0', 'must be an object'],
    [[null], '/filter/0', 'must be an object'],
    [[[{ q: 'x' }]], '/filter/0', 'must be an object'],
    [[{ title: 'x' }], '/filter/0/title', 'is not a supported filter (supported: q, keyword, mediaType)'],
    [[{ q: '' }], '/filter/0/q', 'must be a non-empty string'],
    [[{ keyword: 3 }], '/filter/0/keyword', 'must be a non-empty string'],
    [[{ q: 'a' }, { q: 'b' }], '/filter/1/q', 'is given more than once'],
    [[{ q: 'a'.repeat(201) }], '/filter/0/q', 'must be at most 200 characters'],
    [[{ keyword: 'k'.repeat(500_000) }], '/filter/0/keyword', 'must be at most 200 characters'],
  ])('%o is an unsupported filter (VALIDATION_FAILED, DSP 400) at %s', (filter, pointer, message) => {
    expect(parsed(filter)).toEqual({ code: 'VALIDATION_FAILED', detail: `unsupported filter: ${pointer} ${message}`, violations: [{ pointer, message }] });
  });
});
