import { describe, expect, it } from 'vitest';
import { canonicalDid, participantDid } from './participant-did.js';

describe('participantDid', () => {
  it('should accept a did:web and write its percent escapes upper-case', () => {
    expect(participantDid('did:web:127.0.0.1%3a29981')).toBe('did:web:127.0.0.1%3A29981');
    expect(participantDid('did:web:example.com:users:alice')).toBe('did:web:example.com:users:alice');
    expect(canonicalDid('did:web:h%3a1:a%2fb')).toBe('did:web:h%3A1:a%2Fb');
  });

  it('should refuse other methods and did:web values no document can be located for, naming /did', () => {
    for (const did of ['did:foo:bar', 'did:key:z6Mk', 'did:web:example.com::x', 'did:web:example.com:..', 'did:web:example.com:.', 'did:web:', 'did:web:a%2Fb'])
      expect(() => participantDid(did), did).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED', violations: [expect.objectContaining({ pointer: '/did' })] }));
  });
});
