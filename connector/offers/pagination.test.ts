import { describe, expect, it } from 'vitest';
import type { ConnectorError } from '../../core/index.js';
import { encodeCursor } from './page-cursor.js';
import { catalogPageLinks, pageLinks, parsePageQuery } from './pagination.js';

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
    [{ foo: 'bar' }, "INVALID_QUERY: unknown query parameter 'foo': a catalog request takes only offset, limit and cursor"],
    [{ limit: '5', foo: 'bar', q: 'x' }, "INVALID_QUERY: unknown query parameter 'foo', 'q': a catalog request takes only offset, limit and cursor"],
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

describe('page cursors', () => {
  const url = 'https://provider.test/api/dsp/catalog/request';
  it('reads back the cursors the links carry', () => {
    for (const cursor of [
      { direction: 'after', id: 'a01' },
      { direction: 'before', id: 'urn:asset:ümlaut/1?x=&y' },
      { direction: 'after', id: 'a:01', at: 1_767_225_600_000 },
      { direction: 'before', id: '12:x', at: 0 },
      { direction: 'after', id: 'b', at: -5 },
    ] as const) {
      expect(parsed({ cursor: encodeCursor(cursor), limit: '5' })).toEqual({ offset: 0, limit: 5, cursor });
    }
  });

  it.each([
    ['not base64url', { cursor: 'a+b/c=' }],
    ['not canonical base64url', { cursor: 'MWE6YTB' }],
    ['of another form', { cursor: Buffer.from('{"offset":3}').toString('base64url') }],
    ['without an id', { cursor: Buffer.from('1a:').toString('base64url') }],
    ['with a place but without an id', { cursor: Buffer.from('2a:12:').toString('base64url') }],
    ['with a place that is not a number', { cursor: Buffer.from('2b:x1:a01').toString('base64url') }],
    ['with a place of leading zeros', { cursor: Buffer.from('2a:012:a01').toString('base64url') }],
    ['with a place past the safe integers', { cursor: Buffer.from('2a:9999999999999999:a01').toString('base64url') }],
    ['with a place and no separator', { cursor: Buffer.from('2a:12').toString('base64url') }],
    ['not UTF-8', { cursor: Buffer.from([0x31, 0x61, 0x3a, 0xff]).toString('base64url') }],
    ['with a NUL in its id', { cursor: Buffer.from('1a:\u0000').toString('base64url') }],
    ['with a NUL in its placed id', { cursor: Buffer.from('2a:0:a2\u0000').toString('base64url') }],
    ['with a control character in its id', { cursor: Buffer.from('2b:5:a\u001fb').toString('base64url') }],
    ['repeated', { cursor: ['MWE6YTAx', 'MWE6YTAx'] }],
    ['empty', { cursor: '' }],
    ['too long', { cursor: 'A'.repeat(4100) }],
  ])('refuses a cursor %s', (_case, query) => {
    expect(parsed(query)).toMatch(/^INVALID_QUERY: cursor is not a page cursor this catalog wrote/);
  });

  it('refuses a cursor with an offset', () => {
    expect(parsed({ cursor: encodeCursor({ direction: 'after', id: 'a' }), offset: '0' })).toBe(
      'INVALID_QUERY: offset and cursor cannot be combined: a cursor already says where the page starts',
    );
  });

  it('links cursor and offset neighbours', () => {
    const next = { direction: 'after', id: 'a03' } as const;
    expect(catalogPageLinks(url, 3, {})).toBeUndefined();
    expect(catalogPageLinks(url, 3, { next, previous: { offset: 2 } })).toBe(
      `<${url}?offset=2&limit=3>; rel="previous", <${url}?cursor=${encodeCursor(next)}&limit=3>; rel="next"`,
    );
    expect(catalogPageLinks(url, 3, { previous: { direction: 'before', id: 'a04' } })).toBe(
      `<${url}?cursor=${encodeCursor({ direction: 'before', id: 'a04' })}&limit=3>; rel="previous"`,
    );
  });
});
