import { describe, expect, it } from 'vitest';
import { FixedClock } from '../../../core/index.js';
import { projectContexts } from '../contexts/project-contexts.js';
import { DevDataSpace } from '../dev/dev-data-space.js';
import { buildDidDocument } from '../did/build-did-document.js';
import { verifyWithVcAlone } from '../../../test/helpers/verify-with-vc-alone.js';

/**
 * The acceptance check "the authority's credentials verify with @digitalbazaar/vc alone, given only the issuer's DID
 * document": test/helpers/verify-with-vc-alone.ts runs a fresh Node process that imports no Kontor code.
 */
const verifyElsewhere = (input: Record<string, unknown>) => {
  const { credential, ...rest } = input;
  const [verdict] = verifyWithVcAlone({ ...(rest as { didDocument: unknown; servedContexts: unknown; now: string; statusList?: unknown }), credentials: [credential] });
  return { verified: verdict?.verified, status: verdict?.status };
};

describe('authority credentials checked by @digitalbazaar/vc alone', () => {
  it('should verify, and detect tampering and revocation, outside Kontor', async () => {
    const clock = new FixedClock();
    const space = new DevDataSpace(clock);
    const { credential, index } = await space.issueMembership({ id: 'did:web:127.0.0.1%3A8282', legalName: 'Alice GmbH', roles: ['consumer'] });
    const published = JSON.parse(
      JSON.stringify({
        didDocument: buildDidDocument({ did: space.authority.did, keys: space.authority.keys.all() }),
        servedContexts: projectContexts,
        now: clock.isoNow(),
      }),
    ) as Record<string, unknown>;
    const statusList = await space.statusProvider.fetchStatusList(space.statusListUrl);
    expect(verifyElsewhere({ ...published, credential, statusList })).toEqual({ verified: true, status: true });

    const tampered = { ...credential, validUntil: '2099-01-01T00:00:00Z' };
    expect(verifyElsewhere({ ...published, credential: tampered, statusList }).verified).toBe(false);

    space.revoke(index);
    const revokedList = await space.statusProvider.fetchStatusList(space.statusListUrl);
    expect(verifyElsewhere({ ...published, credential, statusList: revokedList })).toEqual({ verified: false, status: false });
  });
});
