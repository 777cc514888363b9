import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConnectorError, FixedClock, randomIds, type Logger } from '../../core/index.js';
import { DevDataSpace, type DevParticipant } from '../../connector/identity/dev/dev-data-space.js';
import { createIdentityVerifier, type FetchPresentation, type IdentityVerifier } from '../../connector/identity/identity-verifier.js';
import { SqlReplayCache } from '../../connector/store/sql/sql-replay-cache.js';
import { createSelfIssuedToken } from '../../connector/identity/token/self-issued-token.js';
import { checkCredentialProof, checkValidityPeriod } from '../../connector/identity/vc/check-proof.js';
import { CredentialVerifier } from '../../connector/identity/vc/credential-verifier.js';
import { presentationChallenge, signPresentation } from '../../connector/identity/vc/sign-presentation.js';
import { StatusChecker } from '../../connector/identity/vc/status/status-checker.js';
import type { Database } from '../../connector/store/database.js';
import { freshDatabase, TEST_PG_URL } from '../helpers/test-database.js';

const silent: Logger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {}, child: () => silent };

/** Issue 19 item 2: replicas of one provider (one DID, one schema, each its own pool) accept a captured token once in total. */
describe.skipIf(!TEST_PG_URL)('token replay across replicas on one PostgreSQL schema', () => {
  let clock: FixedClock;
  let space: DevDataSpace;
  let provider: DevParticipant;
  let alice: DevParticipant;
  let replicas: IdentityVerifier[];
  let pools: Database[];
  let cleanup: () => Promise<void>;

  beforeEach(async () => {
    clock = new FixedClock();
    space = new DevDataSpace(clock);
    provider = space.addParticipant('127.0.0.1:8383');
    alice = space.addParticipant('127.0.0.1:8282');
    const membership = (await space.issueMembership({ id: alice.did, legalName: 'alice' })).credential;
    const fetchPresentation: FetchPresentation = async (request) => [
      await signPresentation({
        holder: alice.identity,
        credentials: [membership],
        challenge: presentationChallenge(request.accessToken),
        domain: provider.did,
        documentLoader: space.documentLoader,
        clock,
      }),
    ];
    const fresh = await freshDatabase('postgres');
    pools = [fresh.database, await fresh.location.open(), await fresh.location.open()];
    cleanup = async () => {
      for (const pool of pools.slice(1)) await pool.close();
      await fresh.cleanup();
    };
    replicas = pools.map((pool) => {
      const status = new StatusChecker({
        provider: space.statusProvider,
        checkProof: (c) => checkCredentialProof(c, space.documentLoader, clock.now()),
        checkPeriod: (c) => checkValidityPeriod(c, clock.now(), 60_000),
        clock,
        refreshMs: 300_000,
      });
      const credentialVerifier = new CredentialVerifier({ documentLoader: space.documentLoader, clock, trustedIssuers: [{ did: space.authority.did }], status });
      return createIdentityVerifier({
        ownDid: provider.did,
        resolver: space.resolver,
        replayCache: new SqlReplayCache(pool, clock),
        credentialVerifier,
        fetchPresentation,
        clock,
        logger: silent,
      });
    });
  });
  afterEach(async () => cleanup());

  const outcome = (replica: IdentityVerifier, bearer: string) =>
    replica.verify(bearer).then(
      (a) => a.id,
      (e: unknown) => (e instanceof ConnectorError ? e.code : 'threw'),
    );

  it('should accept one captured token once in total, whether presented one replica after another or to all at once', async () => {
    const token = `Bearer ${await createSelfIssuedToken({ issuer: alice.identity, audience: provider.did, accessToken: `at-${randomIds.next()}`, clock })}`;
    const oneAfterAnother = [];
    for (const replica of replicas) oneAfterAnother.push(await outcome(replica, token));
    expect(oneAfterAnother).toEqual([alice.did, 'UNAUTHORIZED', 'UNAUTHORIZED']);

    const captured = `Bearer ${await createSelfIssuedToken({ issuer: alice.identity, audience: provider.did, accessToken: `at-${randomIds.next()}`, clock })}`;
    const atOnce = await Promise.all([...replicas, ...replicas].map((replica) => outcome(replica, captured)));
    expect(atOnce.filter((o) => o === alice.did)).toHaveLength(1);
    expect(atOnce.filter((o) => o === 'UNAUTHORIZED')).toHaveLength(5);
  });
});
