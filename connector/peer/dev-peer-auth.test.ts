import { describe, expect, it } from 'vitest';
import { isConnectorError } from '../../core/index.js';
import { createDevPeerAuth } from './dev-peer-auth.js';

const TCK_HEADER = '{"region": "any", "audience": "any", "clientId":"any"}';
const code = (p: Promise<unknown>) =>
  p.then(
    () => 'accepted',
    (e: unknown) => (isConnectorError(e) ? e.code : 'other'),
  );

describe('development peer auth', () => {
  const auth = createDevPeerAuth({ participantId: 'CONNECTOR_UNDER_TEST', environment: 'test', dev: { fixedAuthorization: TCK_HEADER, fixedParticipant: 'TCK_PARTICIPANT' } });

  it("should take the TCK's fixed Authorization header, exactly, as the fixed participant", async () => {
    expect((await auth.authenticate(TCK_HEADER)).id).toBe('TCK_PARTICIPANT');
    expect(await code(auth.authenticate(`${TCK_HEADER} `))).toBe('UNAUTHORIZED');
  });

  it('should accept participant ids that are not DIDs in Dev headers, and refuse a malformed header', async () => {
    expect((await auth.authenticate('Dev TCK_PARTICIPANT')).id).toBe('TCK_PARTICIPANT');
    expect((await auth.authenticate('Dev did:web:a.example')).id).toBe('did:web:a.example');
    expect(await code(auth.authenticate('Dev two words'))).toBe('UNAUTHORIZED');
    expect(await code(auth.authenticate(undefined))).toBe('UNAUTHORIZED');
  });

  it('should not accept a fixed header when none is configured', async () => {
    expect(await code(createDevPeerAuth({ participantId: 'x', environment: 'test' }).authenticate(TCK_HEADER))).toBe('UNAUTHORIZED');
  });

  it('should refuse to exist in production', () => {
    expect(() => createDevPeerAuth({ participantId: 'x', environment: 'production' })).toThrow(/production/);
  });
});
