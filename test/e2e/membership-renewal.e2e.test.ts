import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { FixedClock, silentLogger, systemClock } from '../../core/index.js';
import { createAuthority, type Authority } from '../../connector/authority-app.js';
import { membershipCheck } from '../../connector/health/readiness-checks.js';
import { CredentialRequester, didWebFromUrl } from '../../connector/identity/index.js';
import { freePort } from '../helpers/connector-process.js';
import { startAuthority, type RunningAuthority } from '../helpers/start-authority.js';
import { startConnector, type RunningConnector } from '../helpers/start-connector.js';

/**
 * A member's readiness follows whether its MembershipCredential still verifies as a peer would: after the authority
 * retires the key that signed it, the member is not ready and asks for new credentials by itself (no manual request);
 * after a revocation it is not ready, says why, and does not keep asking. The watch's timers run on a FixedClock
 * driven by `tick()`; verification itself uses the member's runtime (its verifier and caches).
 */
describe('membership readiness after a retired authority key and a revocation', () => {
  let authority: RunningAuthority;
  /** The authority after its restart with the retired key gone (`kontor init --rotate --retire key-1`, then start). */
  let restarted: Authority | undefined;
  let alice: RunningConnector;
  let requester: CredentialRequester;
  let readiness: ReturnType<typeof membershipCheck>;
  const clock = new FixedClock(systemClock.now());
  const identity = () =>
    alice.connector.identity ??
    (() => {
      throw new Error('no DCP identity');
    })();
  const heldIds = async () => (await alice.connector.stores.heldCredentials.list()).map((c) => c.id).sort();

  beforeAll(async () => {
    authority = await startAuthority();
    const port = await freePort();
    const did = didWebFromUrl(`http://127.0.0.1:${port}`);
    expect((await authority.api('/api/v1/participants', { method: 'POST', json: { did, legalName: 'Alice' } })).status).toBe(201);
    alice = await startConnector(
      'sqlite',
      {},
      { 'identity.kind': 'dcp', 'identity.authorityUrl': authority.publicUrl, 'identity.trustedIssuers': [authority.did], 'did.allowHttpLoopback': true },
      port,
    );
    const wallet = alice.connector.stores.heldCredentials;
    requester = new CredentialRequester({ runtime: identity().runtime, wallet, authorityUrl: authority.publicUrl, clock, logger: silentLogger, checkIntervalMs: 10_000 });
    readiness = membershipCheck(wallet, clock, 3_600_000, requester.membership);
  });
  afterAll(async () => {
    requester?.stop();
    await alice?.stop();
    if (!restarted) return void (await authority?.stop());
    await restarted.stop();
    rmSync(dirname(restarted.config.store.path), { recursive: true, force: true });
  });

  it('should be not ready once the signing key is retired, then renew the credentials by itself and be ready again', async () => {
    expect(await readiness.check()).toBeUndefined();
    const before = await heldIds();
    expect(before.length).toBeGreaterThan(0);
    await authority.authority.runtime.keys.rotate(); // written to the key file, as `kontor init --rotate --retire key-1` does
    await authority.authority.runtime.keys.retire('key-1');
    await authority.authority.stop();
    restarted = await createAuthority(authority.authority.config, { logger: pino({ level: 'silent' }) });
    await restarted.start();
    identity().peerAuth.verifier.flush(); // as documented for a retirement: peers (and the member itself) flush their caches
    expect(await readiness.check()).toBeUndefined(); // verified at most once per interval
    clock.advance(10_000);
    const detail = await readiness.check();
    expect(detail).toMatch(/^the held MembershipCredential no longer verifies: .+ \(requesting new credentials from the authority\)$/);
    await requester.membership.tick(); // the renewal the probe started
    expect(await heldIds()).not.toEqual(before);
    expect(await readiness.check()).toBeUndefined();
  });

  it('should be not ready with the reason after a revocation, and not ask the authority again', async () => {
    const request = vi.spyOn(requester, 'request');
    expect(await (restarted as Authority).service.revoke(identity().runtime.did)).toBeGreaterThan(0);
    identity().peerAuth.verifier.flush();
    clock.advance(10_000);
    const detail = await readiness.check();
    expect(detail).toMatch(/^the held MembershipCredential no longer verifies: .*is set in .+ \(revoked: not asking the authority for new credentials\)$/);
    for (let i = 0; i < 10; i++) {
      clock.advance(60_000);
      await requester.membership.tick();
    }
    await requester.start(); // the scheduled request skips a revoked credential too
    requester.stop();
    expect(request).not.toHaveBeenCalled();
    expect(await readiness.check()).toBe(detail);
  });
});
