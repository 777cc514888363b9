import { describe, expect, it } from 'vitest';
import { parseLinkHeader } from './link-header.js';
import { pageLinks, parsePageQuery } from '../offers/pagination.js';

describe('Link headers', () => {
  it('should read next/previous (and prev), resolving relative targets', () => {
    const links = parseLinkHeader(
      '<https://p.example/c?offset=10&limit=5>; rel="next", </c?offset=0&limit=5>;rel=prev, <x>; title="a,b"; rel="other"',
      'https://p.example/api/dsp/c',
    );
    expect(Object.fromEntries(links)).toEqual({
      next: 'https://p.example/c?offset=10&limit=5',
      previous: 'https://p.example/c?offset=0&limit=5',
      other: 'https://p.example/api/dsp/x',
    });
    expect(parseLinkHeader(null, 'https://p.example').size).toBe(0);
  });

  it('should round-trip the links pageLinks writes', () => {
    const header = pageLinks('https://p.example/api/dsp/catalog/request', { offset: 5, limit: 5 }, true) ?? '';
    expect(Object.fromEntries(parseLinkHeader(header, 'https://p.example'))).toEqual({
      previous: 'https://p.example/api/dsp/catalog/request?offset=0&limit=5',
      next: 'https://p.example/api/dsp/catalog/request?offset=10&limit=5',
    });
    expect(pageLinks('u', { offset: 0, limit: 5 }, false)).toBeUndefined();
    expect(pageLinks('u', { offset: 2, limit: 5 }, false)).toBe('<u?offset=0&limit=5>; rel="previous"');
  });

  it('should read paging queries with defaults and bounds', () => {
    const limits = { defaultLimit: 50, maxLimit: 500 };
    expect(parsePageQuery({}, limits)).toEqual({ offset: 0, limit: 50 });
    expect(parsePageQuery({ offset: '7', limit: '500' }, limits)).toEqual({ offset: 7, limit: 500 });
    for (const bad of [{ limit: '0' }, { limit: '501' }, { offset: '1.5' }, { offset: ['1', '2'] }, { limit: '' }])
      expect(() => parsePageQuery(bad, limits)).toThrow(/must be an integer/);
  });
});
