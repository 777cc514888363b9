import { describe, expect, it } from 'vitest';
import { ConnectorError } from '../../../core/index.js';
import { createDevIdentityVerifier, devToken } from './dev-identity.js';

describe('dev identity', () => {
  it('should refuse to exist in production', () => {
    expect(() => createDevIdentityVerifier({ nodeEnv: 'production' })).toThrow(ConnectorError);
    expect(() => createDevIdentityVerifier({ nodeEnv: 'production' })).toThrow(/refused when NODE_ENV=production/);
  });

  it('should believe the DID named in a dev token, with configured claims', async () => {
    const verifier = createDevIdentityVerifier({ nodeEnv: 'test', agents: { 'did:web:b': { roles: ['auditor'] } } });
    expect(await verifier.verify(`Bearer ${devToken('did:web:a')}`)).toEqual({
      id: 'did:web:a',
      claims: { membership: { active: true }, credentialTypes: ['MembershipCredential'] },
    });
    expect((await verifier.verify(devToken('did:web:b'))).claims.roles).toEqual(['auditor']);
  });

  it('should reject anything else as unauthorized', async () => {
    const verifier = createDevIdentityVerifier({ nodeEnv: 'development' });
    await expect(verifier.verify(undefined)).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(verifier.verify('Bearer eyJhbGciOi')).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });
});
