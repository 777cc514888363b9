import { describe, expect, it } from 'vitest';
import { canonicalDid, hostRespelled, participantDid } from './participant-did.js';

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

  it('should refuse a host not in lower case, naming /did and the DID to register instead', () => {
    for (const [did, instead] of [
      ['did:web:EXAMPLE.com', 'did:web:example.com'],
      ['did:web:Example.Com:users:Alice', 'did:web:example.com:users:Alice'],
      ['did:web:LOCALHOST%3a8282', 'did:web:localhost%3A8282'],
    ] as const)
      expect(() => participantDid(did), did).toThrow(
        expect.objectContaining({
          code: 'VALIDATION_FAILED',
          detail: expect.stringMatching(/^\/did: write the host in lower case/),
          violations: [{ pointer: '/did', message: expect.stringContaining(`: ${instead};`) }],
        }),
      );
  });

  it('should refuse other spellings of a host a URL writes one way: escaped letters, the default port, short IPv4', () => {
    expect(hostRespelled('did:web:%65xample.com')).toBe('did:web:example.com');
    expect(hostRespelled('did:web:example.com%3A443:a')).toBe('did:web:example.com:a');
    expect(hostRespelled('did:web:127.1%3A8282')).toBe('did:web:127.0.0.1%3A8282');
    for (const did of ['did:web:example.com', 'did:web:127.0.0.1%3A8282', 'did:web:example.com%3A8443:Users:%C3%A4', 'did:web:%5B%3A%3A1%5D%3A8282'])
      expect(hostRespelled(did), did).toBeUndefined();
  });
});
