import { describe, expect, it } from 'vitest';
import { didWebDocumentUrl, didWebFromUrl, isLoopbackHost } from './did-web-url.js';

describe('did:web URLs', () => {
  it('should map host:port both ways', () => {
    expect(didWebFromUrl('http://127.0.0.1:8282')).toBe('did:web:127.0.0.1%3A8282');
    expect(didWebDocumentUrl('did:web:127.0.0.1%3A8282', true)).toBe('http://127.0.0.1:8282/.well-known/did.json');
    expect(didWebDocumentUrl('did:web:127.0.0.1%3A8282', false)).toBe('https://127.0.0.1:8282/.well-known/did.json');
    expect(didWebDocumentUrl('did:web:example.com', true)).toBe('https://example.com/.well-known/did.json');
    expect(didWebDocumentUrl('did:web:example.com:users:alice', false)).toBe('https://example.com/users/alice/did.json');
    expect(didWebFromUrl('https://example.com/users/alice')).toBe('did:web:example.com:users:alice');
    expect(didWebDocumentUrl('did:web:%5B%3A%3A1%5D%3A8080', true)).toBe('http://[::1]:8080/.well-known/did.json');
  });

  it('should refuse malformed did:web values', () => {
    for (const bad of ['did:web:', 'did:key:z6Mk', 'did:web:a.com#key-1', 'did:web:a.com:..', 'did:web:user%40evil.com', 'did:web:a.com%2Fpath']) {
      expect(didWebDocumentUrl(bad, true)).toBeUndefined();
    }
  });

  it('should know loopback hosts', () => {
    for (const h of ['127.0.0.1', '127.255.0.9', 'localhost', '[::1]']) expect(isLoopbackHost(h)).toBe(true);
    for (const h of ['128.0.0.1', '127.0.0.256', 'localhost.evil.com', '10.0.0.1', '[::2]', '127.0.0.1.nip.io']) expect(isLoopbackHost(h)).toBe(false);
  });
});
