import { generateKeyPairSync, sign, verify } from 'node:crypto';
import { randomIds, silentLogger, systemClock } from '../core/index.js';
import {
  checkCredentialProof,
  checkValidityPeriod,
  createIdentityVerifier,
  createSelfIssuedToken,
  CredentialVerifier,
  DevDataSpace,
  MemoryReplayCache,
  presentationChallenge,
  signPresentation,
  StatusChecker,
  type FetchPresentation,
} from '../connector/identity/index.js';
import { measure, report } from './measure.js';

/**
 * Protocol requests verified per second: the DCP flow without the presentation cache (token + presentation query
 * + presentation and credential verification + status list) and with it (token only), against the raw Ed25519
 * verify rate of node:crypto measured in the same run.
 */
export async function run(): Promise<void> {
  const clock = systemClock;
  const space = new DevDataSpace(clock);
  const caller = space.addParticipant('127.0.0.1:8282');
  const callee = space.addParticipant('127.0.0.1:8383');
  const { credential } = await space.issueMembership({ id: caller.did, legalName: 'Caller GmbH', roles: ['consumer'] });
  const fetchPresentation: FetchPresentation = async (request) => [
    await signPresentation({
      holder: caller.identity,
      credentials: [credential],
      challenge: presentationChallenge(request.accessToken),
      domain: callee.did,
      documentLoader: space.documentLoader,
      clock,
    }),
  ];
  const status = new StatusChecker({
    provider: space.statusProvider,
    clock,
    refreshMs: 300_000,
    checkProof: (c) => checkCredentialProof(c, space.documentLoader, clock.now()),
    checkPeriod: (c) => checkValidityPeriod(c, clock.now(), 60_000),
  });
  const credentialVerifier = new CredentialVerifier({ documentLoader: space.documentLoader, clock, trustedIssuers: [{ did: space.authority.did }], status });
  const verifier = (cacheSize: number) =>
    createIdentityVerifier({
      ownDid: callee.did,
      resolver: space.resolver,
      replayCache: new MemoryReplayCache(clock, { maxPerIssuer: 10_000_000, maxEntries: 10_000_000 }),
      credentialVerifier,
      fetchPresentation,
      clock,
      logger: silentLogger,
      cacheSize,
    });
  const token = () => createSelfIssuedToken({ issuer: caller.identity, audience: callee.did, accessToken: `at-${randomIds.next()}`, clock });

  const uncached = verifier(0);
  const cold = await measure('verify, no cache', async () => uncached.verify(`Bearer ${await token()}`), { warmupMs: 500, runMs: 1000, runs: 5 });
  const cached = verifier(1000);
  await cached.verify(`Bearer ${await token()}`);
  const warm = await measure('verify, cached presentation', async () => cached.verify(`Bearer ${await token()}`), { runs: 7 });

  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const data = Buffer.from('x'.repeat(1335));
  const signature = sign(null, data, privateKey);
  const raw = await measure('raw Ed25519 verify', () => verify(null, data, publicKey, signature), { runs: 7 });

  report(
    'identity: protocol requests verified per second',
    [
      { label: 'full DCP verification (no cache), req/s', value: cold.opsPerSecond, unit: 'req/s' },
      { label: 'with the presentation cache, req/s', value: warm.opsPerSecond, unit: 'req/s' },
      { label: 'raw node:crypto Ed25519 verify (baseline), ops/s', value: raw.opsPerSecond, unit: 'ops/s' },
      { label: 'cache speed-up', value: warm.opsPerSecond / cold.opsPerSecond, unit: '×' },
    ],
    { label: 'cached verification / raw Ed25519 verify', value: warm.opsPerSecond / raw.opsPerSecond },
  );
}
