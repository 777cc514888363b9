import { describe, expect, it } from 'vitest';
import { createDidWebResolver } from './did-web-resolver.js';
import { didWebDocumentUrl, plainHttpAllowed } from './did-web-url.js';

describe('did.httpHosts: named development hosts over plain HTTP', () => {
  it('should use http only for loopback (when allowed) and the listed host names', () => {
    expect(didWebDocumentUrl('did:web:authority%3A9282', true, ['authority'])).toBe('http://authority:9282/.well-known/did.json');
    expect(didWebDocumentUrl('did:web:authority%3A9282', true)).toBe('https://authority:9282/.well-known/did.json');
    expect(didWebDocumentUrl('did:web:example.com', false, ['authority'])).toBe('https://example.com/.well-known/did.json');
    expect(plainHttpAllowed('127.0.0.1', false, ['authority'])).toBe(false);
    expect(plainHttpAllowed('Authority', false, ['authority'])).toBe(true);
  });

  it('should fetch a listed host over http and refuse an unlisted one over https only', async () => {
    const asked: string[] = [];
    const resolver = createDidWebResolver({
      httpHosts: ['site-a'],
      fetch: async (url) => {
        asked.push(url);
        return { ok: true, status: 200, json: async () => ({ '@context': ['https://www.w3.org/ns/did/v1'], id: 'did:web:site-a%3A8282' }) };
      },
    });
    expect((await resolver.resolve('did:web:site-a%3A8282')).ok).toBe(true);
    await resolver.resolve('did:web:site-b%3A8282');
    expect(asked).toEqual(['http://site-a:8282/.well-known/did.json', 'https://site-b:8282/.well-known/did.json']);
  });
});
