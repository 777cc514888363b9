import { describe, expect, it } from 'vitest';
import type { ConnectorError } from '../../core/index.js';
import { pageLinks, parsePageQuery } from './pagination.js';

const limits = { defaultLimit: 50, maxLimit: 200 };
const parsed = (query: Record<string, unknown>) => {
  try {
    return parsePageQuery(query, limits);
  } catch (error) {
    return `${(error as ConnectorError).code}: ${(error as ConnectorError).detail}`;
  }
};

describe('parsePageQuery', () => {
  it.each([
    [{}, { offset: 0, limit: 50 }],
    [
      { offset: '120', limit: '200' },
      { offset: 120, limit: 200 },
    ],
    [
      { offset: '0', limit: '1' },
      { offset: 0, limit: 1 },
    ],
    [{ offset: '1000000000' }, { offset: 1_000_000_000, limit: 50 }],
  ])('%o → %o', (query, page) => {
    expect(parsed(query)).toEqual(page);
  });

  it.each([
    [{ limit: '0' }, 'INVALID_QUERY: limit must be an integer from 1 to 200'],
    [{ limit: '201' }, 'INVALID_QUERY: limit must be an integer from 1 to 200'],
    [{ limit: '99999999999' }, 'INVALID_QUERY: limit must be an integer from 1 to 200'],
    [{ offset: '-1' }, 'INVALID_QUERY: offset must be an integer from 0 to 1000000000'],
    [{ offset: '1e3' }, 'INVALID_QUERY: offset must be an integer from 0 to 1000000000'],
    [{ offset: '1000000001' }, 'INVALID_QUERY: offset must be an integer from 0 to 1000000000'],
    [{ offset: '10000000000' }, 'INVALID_QUERY: offset must be an integer from 0 to 1000000000'],
    [{ limit: ['1', '2'] }, 'INVALID_QUERY: limit must be an integer from 1 to 200'],
    [{ limit: '' }, 'INVALID_QUERY: limit must be an integer from 1 to 200'],
    [{ foo: 'bar' }, "INVALID_QUERY: unknown query parameter 'foo': a catalog request takes only offset and limit"],
    [{ limit: '5', foo: 'bar', q: 'x' }, "INVALID_QUERY: unknown query parameter 'foo', 'q': a catalog request takes only offset and limit"],
  ])('%o is refused: %s', (query, refusal) => {
    expect(parsed(query)).toBe(refusal);
  });
});

describe('pageLinks', () => {
  const url = 'https://provider.test/api/dsp/catalog/request';
  it('names no link on a single page', () => {
    expect(pageLinks(url, { offset: 0, limit: 50 }, false)).toBeUndefined();
  });

  it('links the next page from the first, both from the middle, the previous from the last', () => {
    expect(pageLinks(url, { offset: 0, limit: 10 }, true)).toBe(`<${url}?offset=10&limit=10>; rel="next"`);
    expect(pageLinks(url, { offset: 10, limit: 10 }, true)).toBe(`<${url}?offset=0&limit=10>; rel="previous", <${url}?offset=20&limit=10>; rel="next"`);
    expect(pageLinks(url, { offset: 20, limit: 10 }, false)).toBe(`<${url}?offset=10&limit=10>; rel="previous"`);
  });

  it('never links a negative offset back from a short first step', () => {
    expect(pageLinks(url, { offset: 5, limit: 10 }, false)).toBe(`<${url}?offset=0&limit=10>; rel="previous"`);
  });
});
